"""The only two tables. Nothing in them is the user's plaintext.

``records`` holds a random id, a version, a nonce and AES-GCM ciphertext.
``header`` holds one row: the authenticated vault header (KDF parameters,
salt, wrapped keys, manifest) as canonical JSON, and its MAC.
"""

from sqlmodel import Field, SQLModel


class RecordRow(SQLModel, table=True):
    __tablename__ = "records"

    id: str = Field(primary_key=True)
    version: int
    nonce: bytes
    ciphertext: bytes


class HeaderRow(SQLModel, table=True):
    __tablename__ = "header"

    id: int = Field(default=1, primary_key=True)
    data: bytes
    mac: bytes
