#!/bin/sh
# make-corpus.sh: makes the generated files of the search test's corpus.
#
# The files a person can read and edit as UTF-8 text are committed as they
# are; this script makes the others from them (or from the text below) and
# its results are committed too, so the test needs none of these tools:
#   - text in NFD and text with combining marks in odd orders,
#   - text in UTF-16 with a BOM, Windows-1258 and TCVN3 (ABC, .VnTime),
#   - PDFs (pango-view, one render per page, joined by pdfunite),
#   - a DOCX, an XLSX and an ODT, zipped by python3 from XML written here.
# Needs pango-view (pango1.0-tools), pdfunite (poppler-utils), iconv, python3.
# Run it from anywhere: sh tests/data/search/make-corpus.sh
set -eu
cd "$(dirname "$0")"
S=sources

# ---- Text in other Unicode forms -------------------------------------------

# The NFC source decomposed: every letter with a diacritic as base + marks.
python3 -c 'import sys, unicodedata
sys.stdout.buffer.write(unicodedata.normalize("NFD", open(sys.argv[1], encoding="utf-8").read()).encode())' \
  $S/QNA-2023-0107/gioi-thieu-bon-bon.txt >QNA-2023-0107/gioi-thieu-bon-bon.txt

# Combining marks in orders that are not canonical.  "Rượu": o, dot below,
# horn (canonical: horn, dot below; these two are canonically equivalent).
# "nếp": e, acute, circumflex (both of class 230, so not canonically
# equivalent, but what old keyboards typed; one syllable has one tone, hoso
# reads it as "nếp").  "Phước": o, acute, horn (canonical: horn, acute).
R='R\306\260o\314\243\314\233u'          # R ư o U+0323 U+031B u
NEP='ne\314\201\314\202p'                # n e U+0301 U+0302 p
PHUOC='Ph\306\260o\314\201\314\233c'     # P h ư o U+0301 U+031B c
printf "$R bòn bon Tiên $PHUOC\n" >QNA-2023-0107/ruou-bon-bon.txt
printf "Quả bòn bon chín được bóc vỏ, ủ với gạo $NEP cái hoa vàng trong chum sành 6 tháng.\n" \
  >>QNA-2023-0107/ruou-bon-bon.txt
printf "Nồng độ 29 độ, đóng chai thủy tinh 500 ml.\n" >>QNA-2023-0107/ruou-bon-bon.txt

# ---- Other encodings --------------------------------------------------------

# UTF-16LE with a byte order mark, Windows line ends.
{ printf '\377\376'; sed 's/$/\r/' $S/DNG-2024-0005/chung-chi-dao-tao.txt | iconv -f UTF-8 -t UTF-16LE; } \
  >DNG-2024-0005/chung-chi-dao-tao.txt

# Windows-1258: glibc's iconv writes letters with tones as base + combining
# tone mark, as Windows did.
sed 's/$/\r/' $S/TNG-2022-0031/ban-tu-cong-bo.txt | iconv -f UTF-8 -t WINDOWS-1258 \
  >TNG-2022-0031/ban-tu-cong-bo.txt

# TCVN3 (TCVN 5712:1993 VN3, the .VnTime fonts): one byte per lower-case
# letter with its tone; upper case only for Ă Â Ê Ô Ơ Ư Đ (the source has no
# other capital with a diacritic).  The table agrees with glibc's TCVN5712-1
# for these letters.
python3 - $S/TNG-2022-0031/giay-dang-ky-ho-kinh-doanh-2005.txt \
  >TNG-2022-0031/giay-dang-ky-ho-kinh-doanh-2005.txt <<'EOF'
import sys, unicodedata
pairs = """à B5 ả B6 ã B7 á B8 ạ B9 ă A8 ằ BB ẳ BC ẵ BD ắ BE ặ C6 â A9 ầ C7 ẩ C8
ẫ C9 ấ CA ậ CB đ AE è CC ẻ CE ẽ CF é D0 ẹ D1 ê AA ề D2 ể D3 ễ D4 ế D5 ệ D6
ì D7 ỉ D8 ĩ DC í DD ị DE ò DF ỏ E1 õ E2 ó E3 ọ E4 ô AB ồ E5 ổ E6 ỗ E7 ố E8
ộ E9 ơ AC ờ EA ở EB ỡ EC ớ ED ợ EE ù EF ủ F1 ũ F2 ú F3 ụ F4 ư AD ừ F5 ử F6
ữ F7 ứ F8 ự F9 ỳ FA ỷ FB ỹ FC ý FD ỵ FE Ă A1 Â A2 Ê A3 Ô A4 Ơ A5 Ư A6
Đ A7""".split()
table = {pairs[i]: int(pairs[i + 1], 16) for i in range(0, len(pairs), 2)}
out = bytearray()
for ch in unicodedata.normalize("NFC", open(sys.argv[1], encoding="utf-8").read()):
    if ch < "\x80":
        out.append(ord(ch))
    elif ch in table:
        out.append(table[ch])
    else:
        sys.exit("no TCVN3 byte for %r" % ch)
sys.stdout.buffer.write(bytes(out))
EOF

# ---- PDFs -------------------------------------------------------------------

# render SOURCE OUT.pdf: one page of text.
render () {
  pango-view --font="DejaVu Sans 11" --margin=40 -q --output="$2" "$1"
}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# Several pages: pdfunite drops the document information dictionary, so
# these PDFs have no creation date (year: then comes from the dossier id).
for f in QNA-2023-0107/ke-hoach-kinh-doanh QNA-2024-0012/kiem-nghiem/phieu-ket-qua-thu-nghiem; do
  pages=
  for src in $S/$f.p*.txt; do
    n=$(basename "$src" .txt)
    render "$src" "$T/$n.pdf"
    pages="$pages $T/$n.pdf"
  done
  pdfunite $pages "$f.pdf"
done

# One page, with a creation date in 2023 in a dossier of 2024: cairo writes
# the time of the render, replaced here by a string of the same length so
# the cross-reference offsets stay right.
render $S/QNA-2024-0012/kiem-nghiem/giay-chung-nhan-attp.txt "$T/attp.pdf"
python3 - "$T/attp.pdf" QNA-2024-0012/kiem-nghiem/giay-chung-nhan-attp.pdf <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
data, n = re.subn(rb"/CreationDate \(D:\d{14}Z\)", b"/CreationDate (D:20231120090000Z)", data)
if n != 1:
    sys.exit("no CreationDate in %s" % sys.argv[1])
open(sys.argv[2], "wb").write(data)
EOF

# ---- Office files -----------------------------------------------------------

python3 - <<'EOF'
import zipfile

def write_zip(path, parts, stored_first=None):
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))

# DOCX, created in 2021 in a dossier of 2022.  One word ("hương") is split
# over two runs, as Word does when formatting changes inside a word.
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def para(*runs):
    return "<w:p>" + "".join('<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % r for r in runs) + "</w:p>"
document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
  '<w:document %s><w:body>' % W
  + para("THUYẾT MINH SẢN PHẨM: CHÈ XANH TÂN CƯƠNG")
  + para("Mã hồ sơ: TNG-2022-0031")
  + para("Chủ thể: Hợp tác xã Chè Tân Cương, xã Tân Cương, thành phố Thái Nguyên")
  + para("Giám đốc: Nguyễn Thị Thuý")
  + para("Chè xanh Tân Cương được chế biến từ búp chè một tôm hai lá, sao khô bằng chảo gang.")
  + para("Nước chè xanh màu vàng sáng, hư", "ơng cốm, vị chát dịu, hậu ngọt.")
  + para("Uống chè xanh thường xuyên có lợi cho sức khỏe.")
  + '<w:sectPr/></w:body></w:document>')
write_zip("TNG-2022-0031/thuyet-minh-san-pham.docx", [
  ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
   '<Default Extension="xml" ContentType="application/xml"/>'
   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
   '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
   '</Types>'),
  ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
   '</Relationships>'),
  ("word/document.xml", document),
  ("docProps/core.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
   'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
   'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
   '<dc:title>Thuyết minh sản phẩm chè xanh</dc:title><dc:creator>Nguyễn Thị Thuý</dc:creator>'
   '<dcterms:created xsi:type="dcterms:W3CDTF">2021-10-15T08:00:00Z</dcterms:created>'
   '</cp:coreProperties>'),
])

# XLSX: one sheet, shared strings, no document properties (year: from the
# dossier id).  "Chè" and "xanh" are both on the sheet, never side by side.
strings = ["Sản phẩm", "Quy cách", "Giá bán lẻ (đồng)", "Chè búp Tân Cương", "hộp 200 g",
           "Chè móc câu đặc biệt", "túi 500 g", "Trà xanh túi lọc", "hộp 25 túi",
           "Giá đã gồm thuế giá trị gia tăng"]
rows = [[("s", 0), ("s", 1), ("s", 2)], [("s", 3), ("s", 4), ("n", 180000)],
        [("s", 5), ("s", 6), ("n", 250000)], [("s", 7), ("s", 8), ("n", 60000)], [("s", 9)]]
cells = ""
for r, row in enumerate(rows, 1):
    cells += '<row r="%d">' % r
    for c, (kind, value) in enumerate(row):
        ref = "ABC"[c] + str(r)
        cells += ('<c r="%s" t="s"><v>%d</v></c>' % (ref, value) if kind == "s"
                  else '<c r="%s"><v>%d</v></c>' % (ref, value))
    cells += "</row>"
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
write_zip("TNG-2022-0031/bang-gia.xlsx", [
  ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
   '<Default Extension="xml" ContentType="application/xml"/>'
   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
   '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
   '</Types>'),
  ("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
   '</Relationships>'),
  ("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<workbook %s %s><sheets><sheet name="Bảng giá" sheetId="1" r:id="rId1"/></sheets></workbook>' % (S, R)),
  ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
   '</Relationships>'),
  ("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (S, cells)),
  ("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
   '<sst %s count="%d" uniqueCount="%d">%s</sst>' % (S, len(strings), len(strings),
   "".join("<si><t>%s</t></si>" % s for s in strings))),
])

# ODT, created in 2024 like its dossier.  "sức khoẻ" in the old tone
# placement (the DOCX has "sức khỏe"); an archive code QNA/0012/2024 that has
# the words of the dossier id, not in the id's order.
T = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
O = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
body = ('<text:h text:outline-level="1">QUY TRÌNH KHAI THÁC MẬT ONG RỪNG</text:h>'
  '<text:p>Mã lưu trữ: QNA/0012/2024</text:p>'
  '<text:p>Bước 1: Xác định tổ ong trên cây, chỉ lấy phần bánh mật, giữ lại phần ong non.</text:p>'
  '<text:p>Bước 2: Lọc mật bằng vải sạch, để lắng 3 ngày.</text:p>'
  '<text:p>Bước 3: Đóng chai thủy tinh đã <text:span text:style-name="T1">tiệt trùng</text:span>.</text:p>'
  '<text:p>Bước 4: Gửi mẫu kiểm nghiệm định kỳ mỗi năm một lần.</text:p>'
  '<text:p>Người khai thác phải được khám sức khoẻ định kỳ 6 tháng một lần.</text:p>')
write_zip("QNA-2024-0012/quy-trinh-khai-thac.odt", [
  ("mimetype", "application/vnd.oasis.opendocument.text"),
  ("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
   '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
   '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
   '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
   '</manifest:manifest>'),
  ("content.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
   '<office:document-content %s %s office:version="1.2"><office:body><office:text>%s'
   '</office:text></office:body></office:document-content>' % (O, T, body)),
  ("meta.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
   '<office:document-meta %s xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
   'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2"><office:meta>'
   '<dc:title>Quy trình khai thác mật ong rừng</dc:title>'
   '<meta:creation-date>2024-02-10T09:00:00</meta:creation-date>'
   '</office:meta></office:document-meta>' % O),
], stored_first="mimetype")
EOF
