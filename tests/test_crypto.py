"""The primitives in journal.crypto: padding, sealing, wrapping, recovery codes, KDF bounds."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag, UnsupportedAlgorithm
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given
from hypothesis import strategies as st

from journal import crypto
from journal.crypto import CEILING, FLOOR, TEST_PARAMS, KdfParams
from journal.errors import AmendsError
from journal.vault import Vault, envelope

CROCKFORD_GROUP = "[0-9A-HJKMNP-TV-Z]{4}"


@pytest.mark.parametrize("length", [0, 1, 100, 254, 255, 256, 257, 511, 512, 1000, 4096])
def test_padding_fills_256_byte_buckets_and_round_trips(length: int) -> None:
    data = os.urandom(length)
    padded = crypto.pad(data)
    assert len(padded) % crypto.PAD_BUCKET == 0
    # At least one byte of padding (the 0x80 marker), never a whole spare bucket.
    assert length < len(padded) <= length + crypto.PAD_BUCKET
    assert crypto.unpad(padded) == data


def test_padding_leaks_only_the_bucket() -> None:
    assert len(crypto.pad(b"a")) == len(crypto.pad(b"a" * 255)) == 256
    assert len(crypto.pad(b"a" * 256)) == 512


@pytest.mark.parametrize("bad", [b"", b"\0" * 256, b"abc", b"abc\x80x"])
def test_unpad_refuses_malformed_padding(bad: bytes) -> None:
    with pytest.raises(ValueError):
        crypto.unpad(bad)


def test_associated_data_is_unambiguous() -> None:
    ad = crypto.associated_data
    assert ad("ab", "c") != ad("a", "bc")
    assert ad("1") != ad(1)
    assert ad(b"x", 1) != ad(b"x", 2)
    assert ad("record", 1, "v", "records", "id", 1) != ad("record", 1, "v", "records", "id", 2)
    assert ad("a") == ad("a")


def test_seal_binds_associated_data_and_uses_fresh_nonces() -> None:
    aead = AESGCM(os.urandom(32))
    ad = crypto.associated_data("record", 1, "vault", "records", "id", 1)
    nonce, ct = crypto.seal(aead, b"hello", ad)
    nonce2, ct2 = crypto.seal(aead, b"hello", ad)
    assert len(nonce) == crypto.NONCE_BYTES
    assert nonce != nonce2 and ct != ct2
    assert (len(ct) - 16) % 256 == 0
    assert envelope.open_part(aead, nonce, ct, ad) == b"hello"
    other_ad = crypto.associated_data("record", 1, "vault", "records", "id", 2)
    with pytest.raises(InvalidTag):
        envelope.open_part(aead, nonce, ct, other_ad)
    with pytest.raises(InvalidTag):
        envelope.open_part(aead, nonce2, ct, ad)
    with pytest.raises(InvalidTag):
        envelope.open_part(AESGCM(os.urandom(32)), nonce, ct, ad)


def test_wrap_and_unwrap_the_data_key() -> None:
    kek, data_key, ad = os.urandom(32), os.urandom(32), b"context"
    wrapped = crypto.wrap_key(kek, data_key, ad)
    assert data_key not in wrapped
    assert crypto.unwrap_key(kek, wrapped, ad) == data_key
    assert crypto.unwrap_key(os.urandom(32), wrapped, ad) is None
    assert crypto.unwrap_key(kek, wrapped, b"other context") is None
    assert crypto.unwrap_key(kek, wrapped[:-1], ad) is None
    assert crypto.unwrap_key(kek, b"", ad) is None


def test_derive_key_is_deterministic_and_salted() -> None:
    salt = os.urandom(crypto.SALT_BYTES)
    key = crypto.derive_key("pass", salt, TEST_PARAMS)
    assert len(key) == crypto.KEY_BYTES
    assert crypto.derive_key("pass", salt, TEST_PARAMS) == key
    assert crypto.derive_key("pass", os.urandom(crypto.SALT_BYTES), TEST_PARAMS) != key
    assert crypto.derive_key("pasS", salt, TEST_PARAMS) != key
    stronger = KdfParams(TEST_PARAMS.memory_kib, TEST_PARAMS.iterations + 1)
    assert crypto.derive_key("pass", salt, stronger) != key


def test_subkeys_and_tags_are_separated() -> None:
    key = os.urandom(32)
    infos = ["amends records v1", "amends header mac v1", "amends manifest v1"]
    assert len({crypto.hkdf(key, info) for info in infos}) == 3
    tags = envelope.RecordTags(key)
    tag = tags.tag("a" * 32, 1)
    assert tag != tags.tag("a" * 32, 2)
    assert tag != tags.tag("b" * 32, 1)
    assert tag != envelope.RecordTags(os.urandom(32)).tag("a" * 32, 1)
    assert crypto.mac(key, b"x") != crypto.mac(key, b"y")


def test_recovery_code_has_160_bits_in_groups_of_four() -> None:
    codes = {crypto.new_recovery_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert re.fullmatch(f"({CROCKFORD_GROUP}-){{7}}{CROCKFORD_GROUP}", code), code
        raw = crypto.normalise_recovery_code(code)
        assert raw is not None and len(raw) * 8 == 160 >= 128


def test_recovery_code_forgives_case_dashes_spaces_and_look_alikes() -> None:
    code = crypto.new_recovery_code()
    raw = crypto.normalise_recovery_code(code)
    plain = code.replace("-", "")
    variants = [code.lower(), plain, plain.lower(), " ".join(code.split("-")), f" {code} "]
    for variant in variants:
        assert crypto.normalise_recovery_code(variant) == raw, variant
    # I, L and O are read as 1, 1 and 0.
    assert crypto.normalise_recovery_code("1" * 32) == crypto.normalise_recovery_code("IL" * 16)
    assert crypto.normalise_recovery_code("0" * 32) == crypto.normalise_recovery_code("o" * 32)
    for bad in ["", plain[:-1], plain + "0", plain[:-1] + "U", plain[:-1] + "!"]:
        assert crypto.normalise_recovery_code(bad) is None, bad


def test_kdf_bounds() -> None:
    assert FLOOR.memory_kib >= 64 * 1024 and FLOOR.iterations >= 3 and FLOOR.lanes == 4
    assert crypto.check_params(FLOOR)
    # The total work is capped: the most memory, or the most passes, but not both.
    most_passes = KdfParams(FLOOR.memory_kib, crypto.WORK_CAP // FLOOR.memory_kib)
    most_memory = KdfParams(CEILING.memory_kib, FLOOR.iterations)
    for params in (most_passes, most_memory):
        assert crypto.check_params(params), params
        assert crypto.check_params(params, insecure_kdf_for_tests=True), params
    assert not crypto.check_params(CEILING)
    assert crypto.WORK_CAP <= 64 * 1024 * 32  # 32 passes over 64 MiB: seconds, not minutes
    below = [
        KdfParams(FLOOR.memory_kib - 1, FLOOR.iterations),
        KdfParams(FLOOR.memory_kib, FLOOR.iterations - 1),
        TEST_PARAMS,
    ]
    for params in below:
        assert not crypto.check_params(params), params
    assert crypto.check_params(TEST_PARAMS, insecure_kdf_for_tests=True)
    above = [
        KdfParams(CEILING.memory_kib + 1, FLOOR.iterations),
        KdfParams(64 * 1024 * 1024, FLOOR.iterations),  # 64 GiB
        KdfParams(FLOOR.memory_kib, CEILING.iterations + 1),
        KdfParams(FLOOR.memory_kib, most_passes.iterations + 1),
        KdfParams(CEILING.memory_kib, crypto.WORK_CAP // CEILING.memory_kib + 1),
        KdfParams(4 * 1024 * 1024, 64),  # what a tampered header asked before: 4 GiB x 64
    ]
    for params in above:
        assert not crypto.check_params(params), params
        assert not crypto.check_params(params, insecure_kdf_for_tests=True), params
    for lanes in (1, 3, 5):
        assert not crypto.check_params(KdfParams(FLOOR.memory_kib, FLOOR.iterations, lanes))


def test_calibrate_never_goes_below_the_floor() -> None:
    """Real Argon2id at 64 MiB (about a second): the production cost it picks."""
    params = crypto.calibrate()
    assert params.memory_kib >= 64 * 1024
    assert params.iterations >= 3
    assert params.lanes == 4
    assert crypto.check_params(params)
    assert params.as_dict() == {
        "algorithm": "argon2id",
        "memory_kib": params.memory_kib,
        "iterations": params.iterations,
        "lanes": 4,
    }


@pytest.mark.parametrize("error", [UnsupportedAlgorithm("no argon2id"), ImportError("argon2")])
def test_missing_argon2id_is_refused_not_replaced(
    monkeypatch: pytest.MonkeyPatch, error: Exception, tmp_path: Path
) -> None:
    """The one monkeypatch in the suite: simulate an installation without Argon2id."""
    crypto.require_argon2id()  # the real library has it

    def no_argon2id(*_args: object) -> bytes:
        raise error

    monkeypatch.setattr(crypto, "derive_key", no_argon2id)
    with pytest.raises(AmendsError) as caught:
        crypto.require_argon2id()
    assert "Argon2id" in caught.value.message
    assert "reinstall amends" in caught.value.message
    # The vault refuses too, before writing anything.
    path = tmp_path / "vault.db"
    with pytest.raises(AmendsError, match="Argon2id"):
        Vault.create(path, "pass", insecure_kdf_for_tests=True)
    assert not path.exists()


@given(st.text(max_size=40), st.integers(min_value=0, max_value=2**64 - 1))
def test_fast_id_version_encoding_matches_associated_data(record_id: str, version: int) -> None:
    """The unlock fast path encodes exactly what associated_data does."""
    prefix = crypto.associated_data("record", 1, "ab" * 16, "records")
    try:
        slow = crypto.associated_data("record", 1, "ab" * 16, "records", record_id, version)
    except UnicodeEncodeError:
        return
    assert prefix + crypto.id_version(record_id, version) == slow
    assert crypto.associated_data(record_id, version) == b"amends" + crypto.id_version(
        record_id, version
    )


@pytest.mark.parametrize("params", [TEST_PARAMS, FLOOR])
def test_argon2id_matches_cryptography_reference(params: KdfParams) -> None:
    """argon2-cffi and cryptography's Argon2id give the same key for the same input."""
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    salt = os.urandom(crypto.SALT_BYTES)
    reference = Argon2id(
        salt=salt,
        length=crypto.KEY_BYTES,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    ).derive("walnut ladder ü".encode())
    assert crypto.derive_key("walnut ladder ü", salt, params) == reference


def test_key_derivation_lets_other_threads_run() -> None:
    """The app unlocks in a worker: the KDF must not hold the GIL while it works.

    A spinning thread's progress during one derivation is compared with its progress
    over the same span afterwards. Measured here: cryptography's Argon2id (which holds
    the GIL) leaves it 1.5-4%; argon2-cffi 40-90%, even with both cores busy.
    """
    import threading
    import time

    steps = 0
    done = threading.Event()

    def spin() -> None:
        nonlocal steps
        while not done.is_set():
            steps += 1

    spinner = threading.Thread(target=spin)
    spinner.start()
    try:
        before, start = steps, time.perf_counter()
        crypto.derive_key("walnut ladder", os.urandom(crypto.SALT_BYTES), FLOOR)
        span, during = time.perf_counter() - start, steps - before
        before = steps
        time.sleep(span)
        alone = steps - before
    finally:
        done.set()
        spinner.join()
    assert during > 0.2 * alone, (during, alone)
