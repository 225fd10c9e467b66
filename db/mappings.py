"""Saved column mappings of loan lists (SPEC §5.3 "mapping profile"): one per bank layout."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

from sqlalchemy import Engine, select

from core.errors import UsageError
from core.importing import (
    ALL_LOAN_FIELDS,
    FIELD_KEYS,
    FieldPreview,
    header_signature,
    loans_from_rows,
    mapping_preview,
    normalise_header,
    open_loan_list,
)
from core.records import ImportResult, Problem
from core.tabular import ImportFileError, Source
from db.models import MappingProfile, utcnow
from db.uow import UnitOfWork


@dataclass(frozen=True)
class Profile:
    name: str
    bank: str
    signature: str
    mapping: dict[str, str]


def _profile(row: MappingProfile) -> Profile:
    return Profile(row.name, row.bank, row.signature, dict(row.mapping or {}))


def save_profile(
    engine: Engine,
    name: str,
    mapping: Mapping[str, str],
    *,
    signature: str,
    bank: str = "",
    actor: str,
) -> Profile:
    """Create or replace the profile `name` (field → column as written in the file)."""
    name = " ".join(name.split())
    if not name or len(name) > 100:
        raise UsageError.coded("usage.profile_name")
    with UnitOfWork(engine) as uow:
        s = uow.session
        row = s.scalar(select(MappingProfile).where(MappingProfile.name == name))
        if row is None:
            row = MappingProfile(name=name)
            s.add(row)
        row.bank, row.signature, row.mapping = bank[:200], signature, dict(mapping)
        row.saved_by, row.saved_at = actor[:100], utcnow()
        s.flush()
        saved = _profile(row)
        uow.commit()
    return saved


def get_profile(engine: Engine, name: str) -> Profile:
    """The profile saved under `name`; UsageError (exit 2) naming the saved ones otherwise."""
    with UnitOfWork(engine, write=False) as uow:
        row = uow.session.scalar(select(MappingProfile).where(MappingProfile.name == name))
        if row is not None:
            return _profile(row)
        names = uow.session.scalars(select(MappingProfile.name).order_by(MappingProfile.name))
        known = "、".join(names)
    if not known:
        raise UsageError.coded("usage.unknown_profile_none", name=repr(name))
    raise UsageError.coded("usage.unknown_profile", name=repr(name), known=known)


def profile_for(engine: Engine, signature: str) -> Profile | None:
    """The latest profile saved for a list with exactly these headers, else None."""
    with UnitOfWork(engine, write=False) as uow:
        row = uow.session.scalar(
            select(MappingProfile)
            .where(MappingProfile.signature == signature)
            .order_by(MappingProfile.saved_at.desc(), MappingProfile.id.desc())
            .limit(1)
        )
        return _profile(row) if row is not None else None


def list_profiles(engine: Engine) -> list[Profile]:
    with UnitOfWork(engine, write=False) as uow:
        rows = uow.session.scalars(select(MappingProfile).order_by(MappingProfile.name))
        return [_profile(r) for r in rows]


# --- reading an upload with the saved profiles -------------------------------------------------


@dataclass
class LoanUpload:
    """A loan list read with its mapping: the result, its first rows, the profile that applied."""

    result: ImportResult
    rows: list[list[object]]
    profile: Profile | None = None


def check_overrides(
    overrides: Mapping[str, str], rows: Sequence[Sequence[object]]
) -> dict[str, str]:
    """`--map FIELD=列名` as field → column; UsageError for an unknown field or column."""
    known = {normalise_header(c) for row in rows[:10] for c in row if isinstance(c, str)}
    mapping: dict[str, str] = {}
    for name, column in overrides.items():
        key = FIELD_KEYS.get(name) or (name if name in ALL_LOAN_FIELDS else None)
        if key is None:
            raise UsageError(
                f"unknown field {name!r} in --map: use one of {', '.join(sorted(FIELD_KEYS))}"
            )
        if normalise_header(column) not in known:
            raise UsageError(f"--map {name}={column}: the file has no column {column!r}")
        mapping[key] = column
    return mapping


def read_loan_upload(
    engine: Engine,
    source: Source,
    filename: str | None = None,
    *,
    profile: str | None = None,
    overrides: Mapping[str, str] | None = None,
    mapping: Mapping[str, str] | None = None,
) -> LoanUpload:
    """Read a loan list as the import takes it: the named `profile`, else the profile saved
    for the same headers, then `overrides` (`--map`, checked) and `mapping` (from /setup)."""
    chosen = get_profile(engine, profile) if profile else None
    try:
        rows, lazy, sheet = open_loan_list(source, filename)
    except ImportFileError as exc:
        return LoanUpload(ImportResult(errors=[exc.problem]), [], chosen)
    if chosen is None:
        for row in rows[:10]:
            signature = header_signature(row)
            if signature.count("|") >= 1:
                chosen = profile_for(engine, signature)
                if chosen is not None:
                    break
    combined = dict(chosen.mapping) if chosen else {}
    combined.update(check_overrides(overrides or {}, rows))
    combined.update(mapping or {})
    try:
        result = loans_from_rows(rows, rest=lazy, mapping=combined or None)
    except ImportFileError as exc:  # found further down a CSV: a broken line, too many rows
        result = ImportResult(errors=[exc.problem])
    if sheet:
        result.warnings.insert(0, Problem.coded(None, None, "warn.other_sheet", sheet=sheet + 1))
    return LoanUpload(result, rows, chosen)


@dataclass
class MappingView:
    """The mapping /setup shows for an uploaded list."""

    fields: list[FieldPreview]
    columns: list[str]
    problems: list[Problem]
    signature: str
    profile: Profile | None


def preview_loan_file(
    engine: Engine, data: bytes, filename: str, mapping: Mapping[str, str] | None = None
) -> MappingView:
    """The detected (or saved, or given) mapping of an uploaded list with sample values."""
    try:
        head, _rest, _sheet = open_loan_list(data, filename)
        rows = head + list(islice(_rest, 50))
    except ImportFileError as exc:
        return MappingView([], [], [exc.problem], "", None)
    profile = None
    for row in rows[:10]:
        signature = header_signature(row)
        if signature.count("|") >= 1:
            profile = profile_for(engine, signature)
            if profile is not None:
                break
    combined = {**(profile.mapping if profile else {}), **(mapping or {})}
    fields, columns, problems, index = mapping_preview(rows, combined or None)
    signature = header_signature(rows[index]) if index is not None else ""
    return MappingView(fields, columns, problems, signature, profile)
