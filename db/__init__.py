"""The store: SQLAlchemy 2 models, engine, unit of work, services and read queries."""
