#!/usr/bin/env python3
"""make-fixtures.py: writes the fixtures of tests/test-extract.c into this folder.

Only the Python standard library is used, plus the openssl command for the
signed PDF.  The fixtures are committed, so the tests never run this; run it
(through make-fixtures.sh) only to change them, and say why in the commit.
See README for what each file is.
"""
import hashlib
import os
import random
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# Fixed inputs, so that a run gives the same files (except signed.pdf, whose
# key and signing time are new each time).
ZIP_TIME = (2024, 3, 15, 8, 30, 0)


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


# ---- Vietnamese sample text --------------------------------------------------

FORM = [
    "Phiếu đăng ký sản phẩm OCOP",
    "Tên sản phẩm: Trà đảng sâm",
    "Chủ thể: Hợp tác xã Nông nghiệp và Du lịch Tây Giang",
    "Địa chỉ: xã A Tiêng, huyện Tây Giang, tỉnh Quảng Nam",
]

# Lower case (TCVN3 .VnTime fonts keep capitals with tone marks in another
# font), as a typist of the 1990s would have written it.
LEGACY = [
    "hợp tác xã nông nghiệp tiền phong đăng ký sản phẩm heo thảo dược",
    "phương án kinh doanh của hợp tác xã được hội đồng đánh giá",
    "sản phẩm đạt ba sao theo quyết định của ủy ban nhân dân tỉnh",
]


def tcvn3(text):
    """TEXT in TCVN3 (ABC) bytes; glibc calls the encoding TCVN5712-1."""
    return text.encode("TCVN5712-1") if _has_codec("TCVN5712-1") else _iconv(text, "TCVN5712-1")


def _has_codec(name):
    try:
        "a".encode(name)
        return True
    except LookupError:
        return False


def _iconv(text, encoding):
    return subprocess.run(["iconv", "-f", "UTF-8", "-t", encoding],
                          input=text.encode("utf-8"), check=True,
                          capture_output=True).stdout


# VNI (VNI-Windows fonts): a base letter followed by a byte for its marks.
VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_CIRCUMFLEX = {None: "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {None: "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def vni(text):
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        if not marks:
            out.append(ch)
            continue
        upper = base.isupper()
        shape = next((m for m in marks if m in "\u0302\u0306\u031B"), None)
        tone = next((m for m in marks if m in VNI_TONE), None)
        fix = (lambda s: s.upper()) if upper else (lambda s: s)
        if base in "iI" and shape is None:
            out.append(fix(VNI_I[tone]))
        elif shape == "\u0302":
            out.append(base + fix(VNI_CIRCUMFLEX[tone]))
        elif shape == "\u0306":
            out.append(base + fix(VNI_BREVE[tone]))
        elif shape == "\u031B":
            out.append(fix("ô" if base in "oO" else "ö") + (fix(VNI_TONE[tone]) if tone else ""))
        else:
            out.append(base + fix(VNI_TONE[tone]))
    return "".join(out).encode("cp1252")


# ---- PDF ---------------------------------------------------------------------

class Pdf:
    """A small PDF writer: numbered objects, an xref table, a trailer."""

    def __init__(self):
        self.objects = []

    def add(self, body=b""):
        self.objects.append(body)
        return len(self.objects)

    def set(self, num, body):
        self.objects[num - 1] = body

    @staticmethod
    def stream(data, extra=b"", compress=True):
        if compress:
            data = zlib.compress(data, 9)
            extra += b" /Filter /FlateDecode"
        return (b"<< /Length %d%s >>\nstream\n" % (len(data), extra)) + data + b"\nendstream"

    def bytes(self, root, info=None, encrypt=None, file_id=None):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % (i + 1) + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        trailer = b"/Size %d /Root %d 0 R" % (len(self.objects) + 1, root)
        if info:
            trailer += b" /Info %d 0 R" % info
        if encrypt:
            trailer += b" /Encrypt %d 0 R" % encrypt
        if file_id:
            trailer += b" /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
        out += b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)


def pdf_text_string(s):
    """A PDF text string: UTF-16BE with a BOM, in hex."""
    return b"<feff" + s.encode("utf-16-be").hex().encode() + b">"


class CidFont:
    """A Type0 font, not embedded, whose ToUnicode map gives poppler the
    text: each character used gets a CID of its own.  Enough for text
    extraction; a viewer would draw it with a substitute font."""

    def __init__(self, pdf, text):
        chars = sorted(set(text))
        self.cids = {c: i + 1 for i, c in enumerate(chars)}
        lines = []
        for start in range(0, len(chars), 100):
            chunk = chars[start:start + 100]
            lines.append(b"%d beginbfchar" % len(chunk))
            for c in chunk:
                lines.append(b"<%04x> <%s>" % (self.cids[c], c.encode("utf-16-be").hex().encode()))
            lines.append(b"endbfchar")
        cmap = (b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                b"1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
                + b"\n".join(lines) +
                b"\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
        to_unicode = pdf.add(Pdf.stream(cmap))
        descriptor = pdf.add(b"<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32"
                             b" /FontBBox [-1021 -463 1793 1232] /ItalicAngle 0 /Ascent 928"
                             b" /Descent -236 /CapHeight 729 /StemV 80 >>")
        descendant = pdf.add(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans"
                             b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity)"
                             b" /Supplement 0 >> /FontDescriptor %d 0 R /DW 600"
                             b" /CIDToGIDMap /Identity >>" % descriptor)
        self.num = pdf.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans"
                           b" /Encoding /Identity-H /DescendantFonts [%d 0 R]"
                           b" /ToUnicode %d 0 R >>" % (descendant, to_unicode))

    def show(self, line):
        return b"<" + b"".join(b"%04x" % self.cids[c] for c in line) + b"> Tj"


def text_content(font_show, lines, size=12):
    ops = [b"BT /F1 %d Tf %d TL 50 780 Td" % (size, size + 4)]
    for line in lines:
        ops.append(font_show(line) + b" T*")
    ops.append(b"ET")
    return b"\n".join(ops) + b"\n"


def make_text_pdf(pages, info=None):
    """A PDF with a page of Unicode text per item of PAGES (a list of lines,
    or the string "SCAN" for a page holding only an image and a page
    number)."""
    pdf = Pdf()
    catalog = pdf.add()
    page_tree = pdf.add()
    all_text = "".join("".join(p) for p in pages if p != "SCAN") + "0123456789"
    font = CidFont(pdf, all_text)
    kids = []
    for n, lines in enumerate(pages, start=1):
        resources = b"/Font << /F1 %d 0 R >>" % font.num
        if lines == "SCAN":
            image = pdf.add(scan_image())
            resources += b" /XObject << /Im1 %d 0 R >>" % image
            content = (b"q 495 0 0 700 50 80 cm /Im1 Do Q\n"
                       + text_content(font.show, [str(n)]))
        else:
            content = text_content(font.show, lines)
        contents = pdf.add(Pdf.stream(content))
        kids.append(pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842]"
                            b" /Resources << %s >> /Contents %d 0 R >>"
                            % (page_tree, resources, contents)))
    pdf.set(page_tree, b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    pdf.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree)
    info_num = pdf.add(info) if info else None
    return pdf.bytes(catalog, info=info_num)


def scan_image():
    """A 1-bit 'scan' of a typed page: bars where lines of text would be."""
    width, height = 496, 700
    rows = []
    for y in range(height):
        row = bytearray(b"\xff" * (width // 8))
        if 40 <= y < 660 and (y - 40) % 28 < 12:
            line = (y - 40) // 28
            rng_line = random.Random(line)
            x = 48
            while x < width - 48:
                word = rng_line.randint(3, 10) * 6
                for px in range(x, min(x + word, width - 48)):
                    row[px // 8] &= ~(0x80 >> (px % 8)) & 0xff
                x += word + 8
        rows.append(bytes(row))
    return Pdf.stream(b"".join(rows),
                      b" /Type /XObject /Subtype /Image /Width %d /Height %d"
                      b" /ColorSpace /DeviceGray /BitsPerComponent 1" % (width, height))


def make_legacy_pdf(pages, title):
    """A PDF as Word makes it from a document typed in .VnTime fonts: the
    font's map says its TCVN3 codes are the Latin-1 characters of the same
    numbers, so poppler reads "hîp t¸c x·" for "hợp tác xã"."""
    pdf = Pdf()
    catalog = pdf.add()
    page_tree = pdf.add()
    latin1 = [[tcvn3(line).decode("latin-1") for line in lines] for lines in pages]
    font = CidFont(pdf, "".join("".join(lines) for lines in latin1))
    kids = []
    for lines in latin1:
        contents = pdf.add(Pdf.stream(text_content(font.show, lines)))
        kids.append(pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842]"
                            b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                            % (page_tree, font.num, contents)))
    pdf.set(page_tree, b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    pdf.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree)
    # The title as it was typed: TCVN3 bytes in a PDFDocEncoding string.
    info = pdf.add(b"<< /Title (" + tcvn3(title) + b") >>")
    return pdf.bytes(catalog, info=info)


# Standard security handler, revision 2 (RC4, 40-bit key): PDF 1.7, 7.6.3.
PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def rc4(key, data):
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_encrypted_pdf(user_password, owner_password):
    def padded(pw):
        return (pw.encode("latin-1") + PAD)[:32]

    file_id = hashlib.md5(b"hoso encrypted fixture").digest()
    permissions = -44
    owner_key = hashlib.md5(padded(owner_password)).digest()[:5]
    o_entry = rc4(owner_key, padded(user_password))
    key = hashlib.md5(padded(user_password) + o_entry
                      + struct.pack("<i", permissions) + file_id).digest()[:5]
    u_entry = rc4(key, PAD)

    pdf = Pdf()
    catalog = pdf.add()
    page_tree = pdf.add()
    font = pdf.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    content = text_content(lambda s: b"(" + s.encode("latin-1") + b") Tj",
                           ["Confidential: council minutes"])
    contents = pdf.add()
    object_key = hashlib.md5(key + struct.pack("<i", contents)[:3] + b"\0\0").digest()[:10]
    pdf.set(contents, Pdf.stream(rc4(object_key, content), compress=False))
    page = pdf.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842]"
                   b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                   % (page_tree, font, contents))
    pdf.set(page_tree, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    pdf.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree)
    encrypt = pdf.add(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                      % (o_entry.hex().encode(), u_entry.hex().encode(), permissions))
    return pdf.bytes(catalog, encrypt=encrypt, file_id=file_id)


def make_signed_pdf(workdir):
    """A PDF with one detached PKCS#7 signature (adbe.pkcs7.detached) by a
    self-signed certificate, made with the openssl command."""
    key = os.path.join(workdir, "key.pem")
    cert = os.path.join(workdir, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "3650", "-utf8",
                    "-subj", "/CN=Nguyễn Văn An/O=HTX Nông nghiệp Tây Giang/C=VN"],
                   check=True, capture_output=True)
    placeholder = 8192                  # hex digits kept for the signature
    byte_range = b"/ByteRange [0 0000000000 0000000000 0000000000]"

    pdf = Pdf()
    catalog = pdf.add()
    page_tree = pdf.add()
    text = ["Quyết định công nhận sản phẩm OCOP", "Ký số bởi Nguyễn Văn An"]
    font = CidFont(pdf, "".join(text))
    contents = pdf.add(Pdf.stream(text_content(font.show, text)))
    page = pdf.add()
    value = pdf.add(b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached"
                    b" /M (D:20240315083000+07'00') " + byte_range +
                    b" /Contents <" + b"0" * placeholder + b"> >>")
    field = pdf.add(b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1)"
                    b" /Rect [0 0 0 0] /F 132 /P %d 0 R /V %d 0 R >>" % (page, value))
    pdf.set(page, b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842]"
                  b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R"
                  b" /Annots [%d 0 R] >>" % (page_tree, font.num, contents, field))
    pdf.set(page_tree, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    pdf.set(catalog, b"<< /Type /Catalog /Pages %d 0 R /AcroForm << /Fields [%d 0 R]"
                     b" /SigFlags 3 >> >>" % (page_tree, field))
    data = bytearray(pdf.bytes(catalog))

    start = data.index(b"/Contents <" + b"0" * 16) + len(b"/Contents ")
    end = start + placeholder + 2
    real_range = b"/ByteRange [0 %010d %010d %010d]" % (start, end, len(data) - end)
    at = data.index(byte_range)
    data[at:at + len(byte_range)] = real_range
    signed = os.path.join(workdir, "signed-bytes")
    with open(signed, "wb") as f:
        f.write(bytes(data[:start]) + bytes(data[end:]))
    der = subprocess.run(["openssl", "cms", "-sign", "-binary", "-in", signed,
                          "-signer", cert, "-inkey", key, "-outform", "DER",
                          "-md", "sha256"], check=True, capture_output=True).stdout
    hex_sig = der.hex().encode()
    assert len(hex_sig) <= placeholder
    data[start + 1:start + 1 + len(hex_sig)] = hex_sig
    return bytes(data)


def make_pdfs():
    info = (b"<< /Title " + pdf_text_string("Phiếu đăng ký sản phẩm OCOP")
            + b" /Author " + pdf_text_string("HTX Nông nghiệp Tây Giang")
            + b" /CreationDate (D:20240315083000+07'00')"
            + b" /ModDate (D:20240316090000+07'00') >>")
    write("vi-text.pdf", make_text_pdf([FORM], info))
    multi = make_text_pdf([
        ["Trang một", "Phiếu đăng ký sản phẩm"],
        ["Trang hai", "Phương án kinh doanh của chủ thể"],
        ["Trang ba", "Phiếu kết quả kiểm nghiệm an toàn thực phẩm"],
    ])
    write("multi-page.pdf", multi)
    write("scan-mixed.pdf", make_text_pdf([
        ["Biên bản họp hội đồng đánh giá sản phẩm"],
        "SCAN",
        ["Kết luận: sản phẩm đạt 4 sao"],
    ]))
    write("tcvn3.pdf", make_legacy_pdf([LEGACY, ["trang hai: hợp tác xã"]],
                                       "hồ sơ sản phẩm"))
    write("encrypted.pdf", make_encrypted_pdf("hoso-secret", "owner-secret"))
    # The first 55% of a PDF: no xref, no trailer, page 3 cut off.
    write("truncated.pdf", multi[:len(multi) * 55 // 100])
    # A PDF header followed by noise.
    rng = random.Random(1489)
    write("corrupted.pdf", b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(2048)))
    with tempfile.TemporaryDirectory() as workdir:
        write("signed.pdf", make_signed_pdf(workdir))


# ---- Office ------------------------------------------------------------------

def make_zip(name, members, stored=()):
    """MEMBERS: (name, text) pairs, written in that order."""
    with zipfile.ZipFile(os.path.join(HERE, name), "w") as z:
        for member, text in members:
            info = zipfile.ZipInfo(member, ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if member in stored else zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)


XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def content_types(overrides):
    parts = "".join('<Override PartName="%s" ContentType="%s"/>' % o for o in overrides)
    return (XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>' + parts + "</Types>")


def root_rels(main):
    return (XML_DECL + '<Relationships xmlns="%s">'
            '<Relationship Id="rId1" Type="%s" Target="%s"/>'
            '<Relationship Id="rId2" Type="%s" Target="docProps/core.xml"/>'
            "</Relationships>" % (RELS_NS, OFFICE_DOC_REL, main, CORE_REL))


def core_xml(title, creator, created, modified):
    return (XML_DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
            ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            "<dc:title>%s</dc:title><dc:creator>%s</dc:creator>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">%s</dcterms:modified>'
            "</cp:coreProperties>" % (title, creator, created, modified))


CT_CORE = ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")


def w_p(*runs, ppr=""):
    return "<w:p>%s%s</w:p>" % (ppr, "".join(runs))


def w_r(text):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % text


def make_docx():
    body = "".join([
        w_p(w_r("Phương án kinh doanh"), ppr='<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'),
        w_p(w_r("Chủ thể:"), "<w:r><w:tab/></w:r>", w_r("Hợp tác xã "), w_r("Trầm hương Tiên Phước")),
        w_p(w_r("Dòng một"), "<w:r><w:br/></w:r>", w_r("dòng hai")),
        # Text shown two ways: the fallback must not be read twice.
        w_p('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            "<mc:Choice Requires=\"wps\">" + w_r("Hộp chữ") + "</mc:Choice>"
            "<mc:Fallback>" + w_r("Hộp chữ") + "</mc:Fallback></mc:AlternateContent>"),
        w_p('<w:r><w:br w:type="page"/></w:r>', w_r("Trang hai: thị trường tiêu thụ")),
        w_p(w_r("Đã xóa"), '<w:del w:id="1" w:author="A"><w:r><w:delText>bị xóa</w:delText></w:r></w:del>'),
    ])
    document = (XML_DECL + "<w:document %s><w:body>%s<w:sectPr/></w:body></w:document>" % (W, body))
    make_zip("sample.docx", [
        ("[Content_Types].xml", content_types([
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
            CT_CORE])),
        ("_rels/.rels", root_rels("word/document.xml")),
        ("word/document.xml", document),
        ("docProps/core.xml", core_xml("Phương án kinh doanh", "Trần Thị Bình",
                                       "2024-03-15T01:30:00Z", "2024-03-16T02:00:00Z")),
    ])

    # Saved by Word: rendered page breaks, and an explicit one Word also
    # marks as rendered; three pages, not four.
    body = "".join([
        w_p(w_r("Trang một")),
        w_p("<w:r><w:lastRenderedPageBreak/><w:t>Trang hai</w:t></w:r>"),
        w_p('<w:r><w:br w:type="page"/></w:r>'),
        w_p("<w:r><w:lastRenderedPageBreak/><w:t>Trang ba</w:t></w:r>"),
    ])
    make_zip("rendered-pages.docx", [
        ("[Content_Types].xml", content_types([
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")])),
        ("_rels/.rels", root_rels("word/document.xml")),
        ("word/document.xml", XML_DECL + "<w:document %s><w:body>%s</w:body></w:document>" % (W, body)),
    ])

    # A DTD with an entity: no office format has one, so it is refused
    # rather than parsed.
    make_zip("dtd.docx", [
        ("[Content_Types].xml", content_types([
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")])),
        ("word/document.xml",
         '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x "mở rộng">]>\n'
         "<w:document %s><w:body>%s</w:body></w:document>" % (W, w_p(w_r("&x;")))),
    ])

    # A document typed in .VnTime fonts: TCVN3 bytes read as Latin-1.
    legacy = "".join(w_p(w_r(tcvn3(line).decode("latin-1"))) for line in LEGACY)
    make_zip("tcvn3.docx", [
        ("[Content_Types].xml", content_types([
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")])),
        ("_rels/.rels", root_rels("word/document.xml")),
        ("word/document.xml", XML_DECL + "<w:document %s><w:body>%s</w:body></w:document>" % (W, legacy)),
    ])


S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def make_xlsx():
    strings = ["Tên sản phẩm", "Hạng sao", "Trà đảng sâm", "Rượu Lòn bon", "Điểm"]
    sst = (XML_DECL + '<sst %s count="6" uniqueCount="%d">' % (S, len(strings))
           + "".join("<si><t>%s</t></si>" % s for s in strings[:4])
           # A rich-text string with a phonetic run that is not text.
           + "<si><r><t>Đi</t></r><r><t>ểm</t></r><rPh sb=\"0\" eb=\"1\"><t>ten</t></rPh></si>"
           + "</sst>")

    def sheet(rows):
        return XML_DECL + "<worksheet %s><sheetData>%s</sheetData></worksheet>" % (S, "".join(rows))

    sheet1 = sheet([
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>4</v></c></row>',
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>4</v></c><c r="C2"><f>SUM(1,2)</f><v>72.5</v></c></row>',
        '<row r="3"><c r="A3" t="s"><v>3</v></c><c r="B3"><v>3</v></c></row>',
    ])
    sheet2 = sheet(['<row r="1"><c r="A1" t="inlineStr"><is><t>Ghi chú: hồ sơ đầy đủ</t></is></c></row>'])
    sheet10 = sheet(['<row r="1"><c r="A1" t="inlineStr"><is><t>Trang tính mười</t></is></c></row>'])
    ws = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    make_zip("sample.xlsx", [
        ("[Content_Types].xml", content_types([
            ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            ("/xl/worksheets/sheet10.xml", ws),
            ("/xl/worksheets/sheet1.xml", ws),
            ("/xl/worksheets/sheet2.xml", ws),
            ("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"),
            CT_CORE])),
        ("_rels/.rels", root_rels("xl/workbook.xml")),
        ("xl/workbook.xml", XML_DECL + '<workbook %s><sheets><sheet name="Danh sách" sheetId="1"/></sheets></workbook>' % S),
        # Sheets before the shared strings, as Excel writes them.
        ("xl/worksheets/sheet10.xml", sheet10),
        ("xl/worksheets/sheet1.xml", sheet1),
        ("xl/worksheets/sheet2.xml", sheet2),
        ("xl/sharedStrings.xml", sst),
        ("docProps/core.xml", core_xml("Danh sách sản phẩm OCOP", "Phòng Nông nghiệp",
                                       "2024-01-02T03:04:05Z", "2024-01-03T03:04:05Z")),
    ])


def make_pptx():
    ns = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
          ' xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')

    def slide(paragraphs):
        body = "".join("<a:p>%s</a:p>" % "".join("<a:r><a:t>%s</a:t></a:r>" % r for r in p)
                       for p in paragraphs)
        return (XML_DECL + "<p:sld %s><p:cSld><p:spTree><p:sp><p:txBody>%s</p:txBody>"
                "</p:sp></p:spTree></p:cSld></p:sld>" % (ns, body))

    sl = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
    make_zip("sample.pptx", [
        ("[Content_Types].xml", content_types([
            ("/ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
            ("/ppt/slides/slide1.xml", sl), ("/ppt/slides/slide2.xml", sl),
            ("/ppt/slides/slide10.xml", sl),
            ("/ppt/slideLayouts/slideLayout1.xml",
             "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml")])),
        ("_rels/.rels", root_rels("ppt/presentation.xml")),
        ("ppt/presentation.xml", XML_DECL + "<p:presentation %s/>" % ns),
        ("ppt/slides/slide10.xml", slide([["Trang chiếu mười"]])),
        ("ppt/slides/slide2.xml", slide([["Câu chuyện ", "sản phẩm"], ["Vùng nguyên liệu"]])),
        ("ppt/slides/slide1.xml", slide([["Giới thiệu HTX Dược liệu Đức Huy"]])),
        ("ppt/slideLayouts/slideLayout1.xml", slide([["Bố cục không phải trang"]])),
    ])


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
          ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
          ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
          ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
          ' xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"'
          ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
          ' xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
          ' office:version="1.3"')


def odf(name, mimetype, body, title, creator):
    content = (XML_DECL + "<office:document-content %s><office:automatic-styles/>"
               "<office:body>%s</office:body></office:document-content>" % (ODF_NS, body))
    meta = (XML_DECL + "<office:document-meta %s><office:meta>"
            "<dc:title>%s</dc:title><meta:initial-creator>%s</meta:initial-creator>"
            "<dc:creator>Người sửa sau</dc:creator>"
            "<meta:creation-date>2024-03-15T08:30:00</meta:creation-date>"
            "<dc:date>2024-03-16T09:00:00.123456789</dc:date>"
            "</office:meta></office:document-meta>" % (ODF_NS, title, creator))
    manifest = (XML_DECL + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="%s"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>" % mimetype)
    make_zip(name, [("mimetype", mimetype), ("content.xml", content), ("meta.xml", meta),
                    ("META-INF/manifest.xml", manifest)], stored=("mimetype",))


def make_odf():
    odf("sample.odt", "application/vnd.oasis.opendocument.text",
        "<office:text>"
        "<text:h text:outline-level=\"1\">Giới thiệu bộ máy</text:h>"
        "<text:p>Giám đốc:<text:tab/>Nguyễn<text:s text:c=\"3\"/>Văn An</text:p>"
        "<text:p>Dòng một<text:line-break/>dòng hai</text:p>"
        "<text:p><office:annotation><text:p>lời bình không in</text:p></office:annotation>Có chú thích</text:p>"
        "<text:soft-page-break/>"
        "<text:p>Trang hai: <text:span>sơ đồ tổ chức</text:span></text:p>"
        "<text:p>Khoảng trắng lạ<text:s text:c=\"1000000000\"/>hết</text:p>"
        "</office:text>",
        "Giới thiệu bộ máy", "Lê Văn Cường")
    odf("sample.ods", "application/vnd.oasis.opendocument.spreadsheet",
        "<office:spreadsheet>"
        "<table:table table:name=\"Sản phẩm\">"
        "<table:table-row><table:table-cell><text:p>Tên</text:p></table:table-cell>"
        "<table:table-cell><text:p>Sao</text:p></table:table-cell></table:table-row>"
        "<table:table-row><table:table-cell><text:p>Tinh dầu Quế</text:p></table:table-cell>"
        "<table:table-cell office:value-type=\"float\" office:value=\"4\"><text:p>4</text:p></table:table-cell>"
        # An empty cell repeated to the sheet's end must not expand.
        "<table:table-cell table:number-columns-repeated=\"16380\"/></table:table-row>"
        "<table:table-row table:number-rows-repeated=\"1048570\"><table:table-cell/></table:table-row>"
        "</table:table>"
        "<table:table table:name=\"Ghi chú\"><table:table-row><table:table-cell>"
        "<text:p>Tinh dầu Sả</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet>",
        "Bảng điểm", "Phạm Thị Dung")
    odf("sample.odp", "application/vnd.oasis.opendocument.presentation",
        "<office:presentation>"
        "<draw:page draw:name=\"1\"><draw:frame><draw:text-box><text:p>Bánh tráng lề Địch Yên</text:p>"
        "</draw:text-box></draw:frame>"
        "<presentation:notes><draw:frame><draw:text-box><text:p>ghi chú người nói</text:p>"
        "</draw:text-box></draw:frame></presentation:notes></draw:page>"
        "<draw:page draw:name=\"2\"><draw:frame><draw:text-box><text:p>Vòng tay trầm hương</text:p>"
        "</draw:text-box></draw:frame></draw:page>"
        "</office:presentation>",
        "Trình chiếu", "Hoàng Văn Em")


def make_zips():
    make_zip("not-office.zip", [("readme.txt", "Không phải văn bản văn phòng\n"),
                                ("data/bang.csv", "a,b\n1,2\n")])

    # A bomb that lies: its headers say 1,000 bytes, its document inflates
    # to 16 MiB of well-formed paragraphs.  The test reads it with a
    # smaller limit, so only counting the inflated bytes can stop it.
    path = os.path.join(HERE, "bomb-lying.docx")
    paragraph = b"<w:p><w:r><w:t>lol</w:t></w:r></w:p>"
    document = (XML_DECL.encode() + b"<w:document " + W.encode() + b"><w:body>"
                + paragraph * (16 * 1024 * 1024 // len(paragraph))
                + b"</w:body></w:document>")
    make_zip("bomb-lying.docx", [
        ("[Content_Types].xml", content_types([
            ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")])),
        ("word/document.xml", document),
    ])
    with open(path, "rb") as f:
        data = bytearray(f.read())
    name = b"word/document.xml"
    # Local header: uncompressed size at offset 22; central header: at 24.
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while True:
            at = data.find(signature, at)
            if at < 0:
                break
            name_len_at = 26 if signature == b"PK\x03\x04" else 28
            name_len = struct.unpack_from("<H", data, at + name_len_at)[0]
            start = at + (30 if signature == b"PK\x03\x04" else 46)
            if bytes(data[start:start + name_len]) == name:
                struct.pack_into("<I", data, at + size_at, 1000)
            at += 4
    with open(path, "wb") as f:
        f.write(data)


# ---- Text ----------------------------------------------------------------------

TEXT = "\n".join(FORM) + "\nĐặc sản: Rượu Lòn bon Tiên Phước đạt 4 sao.\n"


def make_texts():
    write("utf8.txt", TEXT)
    write("utf8-bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    write("utf16le.txt", b"\xff\xfe" + TEXT.encode("utf-16-le"))
    write("cp1258.txt", _iconv(TEXT, "WINDOWS-1258"))
    write("tcvn3.txt", b"\n".join(tcvn3(line) for line in LEGACY) + b"\n")
    write("vni.txt", b"\r\n".join(vni(line) for line in LEGACY + ["Hội đồng tỉnh Quảng Nam"]) + b"\r\n")
    write("empty.txt", b"")
    write("products.csv",
          "Tên sản phẩm;Chủ thể;Hạng sao\n"
          "Heo thảo dược Xứ Tiên;HTX Tiền Phong;3\n"
          "\"Tinh dầu Quế; Sả\";HTX Nông dược xanh Tiên Phước;4\n"
          "Trà đảng sâm;HTX NN&DL Tây Giang;4\n")
    write("page.html",
          "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\n"
          "<title>Hồ sơ   sản phẩm OCOP</title><meta name=\"author\" content=\"Sở Nông nghiệp\">\n"
          "<style>body { font-family: 'Times New Roman'; } .mật { display: none }</style>\n"
          "<script>var bíMật = 'không được lập chỉ mục'; document.title = 'x';</script>\n"
          "</head><body><h1>Danh sách sản phẩm</h1>\n"
          "<p>Sản phẩm    <b>đặc sản</b> của\n tỉnh &amp; thành phố &#7907; &#x1EA1;</p>\n"
          "<table><tr><td>Trà</td><td>4 sao</td></tr></table>\n"
          "<noscript>Bật JavaScript</noscript><!-- ghi chú ẩn -->\n"
          "</body></html>\n")
    write("page-1258.html",
          b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\">"
          b"<title>" + _iconv("Quyết định công nhận", "WINDOWS-1258") + b"</title></head><body><p>"
          + _iconv("Ủy ban nhân dân tỉnh Quảng Nam quyết định công nhận sản phẩm đạt 4 sao.", "WINDOWS-1258")
          + b"</p></body></html>\n")
    write("dossier.xml",
          XML_DECL +
          "<!-- hồ sơ mẫu -->\n<dossier xmlns=\"urn:ocop:dossier\" id=\"QNA-2024-0012\">\n"
          "  <product>Rượu Lòn bon Tiên Phước</product>\n"
          "  <producer>HTX DVNN&amp;KDTH Nhật Linh</producer>\n"
          "  <note><![CDATA[Điểm: 72 <đạt>]]></note>\n</dossier>\n")
    write("laughs.xml",
          '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
          + "".join('<!ENTITY lol%d "%s">\n' % (i, ("&lol%s;" % ("" if i == 1 else i - 1)) * 10)
                    for i in range(1, 10))
          + "]>\n<lolz>&lol9;</lolz>\n")
    rng = random.Random(36)
    write("random.bin", bytes(rng.randrange(256) for _ in range(4096)))


def main():
    make_pdfs()
    make_docx()
    make_xlsx()
    make_pptx()
    make_odf()
    make_zips()
    make_texts()


if __name__ == "__main__":
    sys.exit(main())
