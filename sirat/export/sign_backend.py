"""pyHanko side of signing (imports pyHanko: ~400 ms; loaded by :mod:`sirat.export.sign`).

Two speed-ups measured in FACTS.md: pyHanko's ``SimpleSigner`` re-parses the private
key for every signature (~36 ms), so :class:`CachedKeySigner` keeps the parsed key; and
``sign_pdf`` signs twice to size the signature unless ``bytes_reserved`` is given.

The visible stamp is set in DejaVu Sans (the PDF's own font, SIRAT's copy in resources/fonts),
embedded and subset through pyHanko's OpenType support (``uharfbuzz``, the
``pyHanko[opentype]`` extra), so the signer's name shows in its own script. pyHanko parses,
subsets and writes the font it is given on every signature, so it is given a font already cut
to the characters of the stamp (:func:`_stamp_font_bytes`, a few dozen glyphs, kept per signer
name): a warm signature no longer decodes the ~1,500 glyphs of the scripts SIRAT writes.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import (
    CIDFontType2,
    GlyphAccumulator,
    GlyphAccumulatorFactory,
)
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from sirat.export.fonts import FONTS, font_path

FIELD_NAME = "SIRAT-Signature"
TEST_LABEL = "TEST CERTIFICATE - NOT FOR OPERATIONAL USE"
STAMP_FONT_SIZE = 8


#: Characters the stamp may need: Latin with its extensions, Greek, Cyrillic, punctuation.
_STAMP_RANGES = ((0x20, 0x250), (0x370, 0x400), (0x400, 0x530), (0x2000, 0x2070))


@functools.cache
def _font_bytes(path: str) -> bytes:
    """The stamp font cut down once per process to the scripts SIRAT writes.

    Without the OpenType layout tables and the unused glyphs, pyHanko's per-signature
    subset of the font takes a few milliseconds instead of ~0.2 s (measured). The font is
    also rescaled to 1000 units per em: pyHanko 0.38 writes a TrueType font's glyph widths
    (``/W``, ``TJ``) in font units, which PDF reads as thousandths of an em, so DejaVu's
    2048 units per em printed the stamp with double letter spacing.
    """
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
    from fontTools.ttLib.scaleUpem import scale_upem  # type: ignore[import-untyped]

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset" notes
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "MATH", "hdmx", "LTSH"]
    options.hinting = False
    options.name_IDs = ["*"]
    with TTFont(path) as font:
        cutter = subset.Subsetter(options)
        cutter.populate(unicodes=[c for low, high in _STAMP_RANGES for c in range(low, high)])
        cutter.subset(font)
        scale_upem(font, 1000)  # pyHanko writes glyph widths in font units as if 1000/em
        out = BytesIO()
        font.save(out)
    return out.getvalue()


#: What the stamp prints besides the signer's name: its fixed words and the timestamp
#: (``timestamp_format`` below: digits, ``-``, ``:``, space, ``UTC``).
_STAMP_FIXED = frozenset(
    "Digitally signed by 0123456789-: UTC" + "TEST CERTIFICATE - NOT FOR OPERATIONAL USE"
)


@functools.lru_cache(maxsize=32)
def _stamp_font_bytes(path: str, characters: frozenset[str]) -> bytes:
    """The stamp font cut to ``characters`` (plus the fixed text), once per signer name.

    Cut from :func:`_font_bytes`, so the scaling and dropped tables are the same; a
    character the font lacks is simply absent, as it would be in the full font.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True  # a missing character shows as a box, not as nothing
    with TTFont(BytesIO(_font_bytes(path))) as font:
        cutter = subset.Subsetter(options)
        cutter.populate(text="".join(sorted(characters | _STAMP_FIXED)))
        cutter.subset(font)
        out = BytesIO()
        font.save(out)
    return out.getvalue()


class _CutCIDFont(CIDFontType2):
    """pyHanko's TrueType CID font, embedding the font bytes it was read from as they are.

    pyHanko writes the font out again with fontTools (every glyph recompiled: ~5 ms even for
    the few dozen glyphs of a stamp font); a font already cut to the stamp's characters is
    what would be embedded anyway.
    """

    font_file_bytes: bytes = b""

    def set_font_file(self, writer: Any) -> Any:
        stream = generic.StreamObject(stream_data=self.font_file_bytes)
        stream.compress()  # type: ignore[no-untyped-call]
        ref = writer.add_object(stream)
        self._font_descriptor[generic.pdf_name("/FontFile2")] = ref
        return ref


class CutFontAccumulator(GlyphAccumulator):
    """A glyph accumulator for a font already cut to the text it will set (the stamp's).

    pyHanko's subset step is skipped (glyph ids stay those of the cut font, which the
    shaping used too) and the cut font is embedded byte for byte.
    """

    def __init__(self, writer: Any, font_bytes: bytes, font_size: float,
                 obj_stream: Any = None) -> None:
        super().__init__(writer=writer, font_handle=BytesIO(font_bytes), font_size=font_size,
                         obj_stream=obj_stream)
        if isinstance(self.cidfont_obj, CIDFontType2):
            self.cidfont_obj.__class__ = _CutCIDFont  # same layout; only set_font_file differs
            self.cidfont_obj.font_file_bytes = font_bytes  # type: ignore[attr-defined]
            self._subset_created = True


@dataclass(frozen=True)
class InMemoryFontFactory(GlyphAccumulatorFactory):
    """pyHanko's TrueType factory, reading the font from memory.

    pyHanko's own factory opens the file and never closes it (a ``ResourceWarning`` per
    signature); the font is cut once per process (:func:`_font_bytes`) and, when the
    stamp's text is known (``characters``), once per signer name (:func:`_stamp_font_bytes`).
    """

    characters: frozenset[str] | None = None

    def font_bytes(self) -> bytes:
        if self.characters is None:
            return _font_bytes(self.font_file)
        return _stamp_font_bytes(self.font_file, self.characters)

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        if self.characters is not None:
            return CutFontAccumulator(writer, self.font_bytes(), self.font_size, obj_stream)
        return GlyphAccumulator(
            writer=writer, font_handle=BytesIO(self.font_bytes()),
            font_size=self.font_size, obj_stream=obj_stream,
        )


def stamp_font(text: str | None = None) -> InMemoryFontFactory:
    """DejaVu Sans for the stamp: Latin-extended, Cyrillic and Greek names as written;
    cut to the characters of ``text`` when given."""
    # Keyed by what the fixed text does not hold: the name (test label or not, one cut).
    characters = frozenset(text) - _STAMP_FIXED if text is not None else None
    return InMemoryFontFactory(str(font_path(FONTS.regular)), font_size=STAMP_FONT_SIZE,
                               characters=characters)


class CachedKeySigner(signers.SimpleSigner):
    """``SimpleSigner`` that signs with an already parsed ``cryptography`` key."""

    def __init__(self, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey, **kwargs: Any):
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), hash_algo)
        if mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(hash_algo))
        return bytes(super().sign_raw(data, digest_algorithm))


def make_signer(
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
) -> CachedKeySigner:
    """A pyHanko signer for ``key``/``certificate``, its chain registered for embedding."""
    store = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    for extra in chain:
        store.register(translate_pyca_cryptography_cert_to_asn1(extra))
    return CachedKeySigner(
        key,
        signing_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        cert_registry=store,
    )


def prepare_stamp(common_name: str) -> None:
    """Cut the stamp font for ``common_name`` ahead of its first signature (warm-up)."""
    stamp_font(stamp_lines(common_name, test_certificate=False)).font_bytes()


def stamp_lines(common_name: str, *, test_certificate: bool) -> str:
    """Text of the visible signature; the name as written (``%`` escaped for pyHanko)."""
    lines = [f"Digitally signed by {common_name.replace('%', '%%')}", "%(ts)s"]
    if test_certificate:
        lines.append(TEST_LABEL)
    return "\n".join(lines)


def sign(
    pdf: bytes,
    signer: CachedKeySigner,
    *,
    common_name: str,
    box: tuple[float, float, float, float],
    test_certificate: bool,
    bytes_reserved: int,
) -> bytes:
    """Append a PAdES signature with a visible stamp in ``box`` on the last page."""
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason="Dissemination of an intelligence report",
    )
    text = stamp_lines(common_name, test_certificate=test_certificate)
    style = TextStampStyle(
        stamp_text=text,
        timestamp_format="%Y-%m-%d %H:%M:%S UTC",
        text_box_style=TextBoxStyle(font=stamp_font(text), font_size=STAMP_FONT_SIZE),
        border_width=1,
        background=None,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(
            FIELD_NAME, on_page=-1, box=(round(box[0]), round(box[1]), round(box[2]), round(box[3]))
        ),
    )
    out = BytesIO()
    pdf_signer.sign_pdf(writer, output=out, bytes_reserved=bytes_reserved)
    return out.getvalue()
