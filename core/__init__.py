"""The domain of Collection Camp Command: plain Python, no streamlit, no sqlalchemy."""
