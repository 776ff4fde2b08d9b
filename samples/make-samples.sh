#!/usr/bin/env bash
# samples/make-samples.sh: remakes the bundled sample dossiers.
#
# The PDFs and JPEGs under samples/ are committed; this script is kept so
# that they can be remade (or changed) the same way.  It writes each page's
# text as Pango markup, renders it with pango-view (a real PDF text layer in
# DejaVu fonts, which cover Vietnamese), joins the pages with pdfunite and
# then blanks the creation dates and document ids that cairo and pdfunite
# write, so that the output does not change from one run to the next.
#
# Usage: samples/make-samples.sh [OUTDIR]   (default: the folder of this script)
# Needs (Debian 12): python3 pango1.0-tools fonts-dejavu-core poppler-utils imagemagick
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE}
CONVERT=/usr/bin/convert   # the real ImageMagick, never a stand-in earlier on PATH

for tool in python3 pango-view pdfunite pdftotext "$CONVERT"; do
  command -v "$tool" >/dev/null || {
    echo "make-samples: $tool is missing; install: apt-get install python3 pango1.0-tools fonts-dejavu-core poppler-utils imagemagick" >&2
    exit 2
  }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hoso-samples.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------- 1. text
# One folder per document under $WORK/src, named by its path under OUTDIR,
# holding pNN.txt (Pango markup), one file per page.
python3 - "$WORK/src" <<'PY'
import os, sys, unicodedata
src = sys.argv[1]

QH = ["<b>CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>", "<b>Độc lập – Tự do – Hạnh phúc</b>", ""]

def tt(rows, widths):
    """A fixed-width table: the text layer keeps columns readable in pdftotext."""
    out = []
    for r in rows:
        cells = [str(c).ljust(w) for c, w in zip(r, widths)]
        out.append("<tt>" + " ".join(cells).rstrip().replace("&", "&amp;").replace("<", "&lt;") + "</tt>")
    return out

DOCS = {}

# ---- QNA-2022-0107: Tiêu Tiên Phước, first recognition (4 sao, QĐ 3610/QĐ-UBND)
DOCS["QNA-2022-0107/phiếu-đăng-ký-sản-phẩm.pdf"] = [QH + [
  "<b>PHIẾU ĐĂNG KÝ SẢN PHẨM THAM GIA ĐÁNH GIÁ, PHÂN HẠNG OCOP</b>",
  "(Sản phẩm đã có trên thị trường – năm 2022)",
  "",
  "Kính gửi: Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh Quảng Nam",
  "",
  "1. Tên chủ thể: Công ty TNHH Sơn Tiến",
  "2. Địa chỉ: thôn Phái Nhơn, xã Tiên Sơn, huyện Tiên Phước, tỉnh Quảng Nam",
  "3. Người đại diện theo pháp luật: Nguyễn Văn Tiến, chức vụ Giám đốc",
  "4. Giấy chứng nhận đăng ký doanh nghiệp số 4001xxxxxx do Sở Kế hoạch và Đầu tư tỉnh Quảng Nam cấp",
  "",
  "5. Sản phẩm đăng ký: <b>Tiêu Tiên Phước</b> (hạt tiêu đen, tiêu sọ)",
  "   Ngành: Thực phẩm – Nhóm: Thực phẩm thô, sơ chế – Bộ sản phẩm: nông sản khác",
  "   Quy cách: hũ thủy tinh 100 g, túi zip 200 g và 500 g",
  "   Vùng nguyên liệu: 35 ha tiêu trồng xen trong vườn rừng tại các xã Tiên Sơn, Tiên Hà, Tiên Lãnh",
  "",
  "6. Hồ sơ kèm theo:",
  "   – Phương án sản xuất kinh doanh giai đoạn 2022–2025",
  "   – Bản sao giấy chứng nhận đăng ký doanh nghiệp",
  "   – Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
  "   – Bản tự công bố sản phẩm và phiếu kết quả thử nghiệm",
  "   – Câu chuyện sản phẩm, hình ảnh sản phẩm và bao bì",
  "",
  "Chúng tôi cam kết các thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật.",
  "",
  "Tiên Sơn, ngày 12 tháng 8 năm 2022",
  "ĐẠI DIỆN CHỦ THỂ (ký, ghi rõ họ tên, đóng dấu)",
  "Nguyễn Văn Tiến",
]]

DOCS["QNA-2022-0107/phiếu-kết-quả-thử-nghiệm.pdf"] = [[
  "<b>TRUNG TÂM KỸ THUẬT TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG 2 (QUATEST 2)</b>",
  "97 Lý Thái Tổ, quận Thanh Khê, thành phố Đà Nẵng",
  "",
  "<b>PHIẾU KẾT QUẢ THỬ NGHIỆM</b>",
  "Số: 2208/KQ-TN-2022          Ngày: 26/08/2022",
  "",
  "Tên mẫu: Tiêu Tiên Phước (hạt tiêu đen)     Mã mẫu: M22-08317",
  "Khách hàng: Công ty TNHH Sơn Tiến, xã Tiên Sơn, huyện Tiên Phước, tỉnh Quảng Nam",
  "Ngày nhận mẫu: 15/08/2022     Tình trạng mẫu: túi zip 500 g, còn nguyên niêm phong",
  "",
] + tt([
  ("STT", "Chỉ tiêu thử nghiệm", "Đơn vị", "Kết quả", "Phương pháp thử"),
  ("1", "Độ ẩm", "%", "11,2", "TCVN 7040:2002"),
  ("2", "Tro tổng số", "%", "4,8", "TCVN 7038:2002"),
  ("3", "Piperin", "%", "5,6", "TCVN 7039:2013"),
  ("4", "Dung trọng", "g/l", "560", "TCVN 7037:2002"),
  ("5", "Tạp chất lạ", "%", "0,3", "TCVN 7036:2008"),
  ("6", "Chì (Pb)", "mg/kg", "KPH (LOD 0,03)", "AOAC 999.11"),
  ("7", "Cadimi (Cd)", "mg/kg", "KPH (LOD 0,01)", "AOAC 999.11"),
  ("8", "Aflatoxin B1", "µg/kg", "KPH (LOD 0,5)", "TCVN 7596:2007"),
  ("9", "Salmonella", "/25 g", "Không phát hiện", "TCVN 10780-1:2017"),
  ("10", "E. coli", "CFU/g", "< 10", "TCVN 7924-2:2008"),
], (4, 21, 7, 16, 18)) + [
  "",
  "KPH: không phát hiện; LOD: giới hạn phát hiện của phương pháp.",
  "Kết quả chỉ có giá trị đối với mẫu do khách hàng gửi đến.",
  "",
  "Đối chiếu TCVN 7036:2008 (hạt tiêu đen): các chỉ tiêu đã thử đạt yêu cầu.",
  "",
  "Người thử nghiệm: Lê Quang Đạo        Trưởng phòng: Trần Thị Thu Hằng",
  "Trang 1/1",
]]

DOCS["QNA-2022-0107/quyết-định-công-nhận.pdf"] = [
 ["<b>ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM</b>", "Số: 3610/QĐ-UBND", ""] + QH[:2] + [
  "Quảng Nam, ngày 29 tháng 12 năm 2022",
  "",
  "<b>QUYẾT ĐỊNH</b>",
  "Về việc công nhận sản phẩm đạt tiêu chuẩn OCOP tỉnh Quảng Nam năm 2022 (đợt 2)",
  "",
  "<b>CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM</b>",
  "",
  "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
  "Căn cứ Quyết định số 919/QĐ-TTg ngày 01 tháng 8 năm 2022 của Thủ tướng Chính phủ",
  "phê duyệt Chương trình Mỗi xã một sản phẩm giai đoạn 2021–2025;",
  "Căn cứ kết quả đánh giá, phân hạng của Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh;",
  "Theo đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn,",
  "",
  "<b>QUYẾT ĐỊNH:</b>",
  "",
  "Điều 1. Công nhận các sản phẩm đạt tiêu chuẩn OCOP tỉnh Quảng Nam năm 2022 (đợt 2)",
  "tại Phụ lục kèm theo Quyết định này.",
  "",
  "Điều 2. Quyết định có giá trị 36 tháng kể từ ngày ký. Các chủ thể có sản phẩm được",
  "công nhận được sử dụng biểu trưng OCOP và hạng sao trên bao bì theo quy định.",
  "",
  "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nông nghiệp và Phát triển nông thôn,",
  "Chủ tịch UBND các huyện, thị xã, thành phố và các chủ thể có tên tại Điều 1",
  "chịu trách nhiệm thi hành Quyết định này.",
  "",
  "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
  "(đã ký)",
  "Trang 1/2",
 ],
 ["<b>PHỤ LỤC</b>",
  "Danh sách sản phẩm đạt tiêu chuẩn OCOP (trích, huyện Tiên Phước)",
  "(Kèm theo Quyết định số 3610/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Quảng Nam)",
  "",
 ] + tt([
  ("TT", "Tên sản phẩm", "Chủ thể", "Địa chỉ", "Điểm", "Hạng"),
  ("1", "Tiêu Tiên Phước", "Công ty TNHH Sơn Tiến", "xã Tiên Sơn", "70,9", "4 sao"),
  ("2", "Heo thảo dược Xứ Tiên", "HTX NN&KDDV Tiền Phong", "xã Tiên Hiệp", "64", "3 sao"),
 ], (3, 22, 23, 12, 5, 5)) + [
  "",
  "Ghi chú: trích các sản phẩm của huyện Tiên Phước; địa chỉ ghi theo đơn vị hành chính",
  "tại thời điểm ban hành quyết định.",
  "Trang 2/2",
 ]]

# ---- QNA-2023-0107: Trà lúi lọc Sâm Ngọc Linh (first evaluation, 2023)
DOCS["QNA-2023-0107/phương-án-kinh-doanh.pdf"] = [
 QH + [
  "<b>PHƯƠNG ÁN SẢN XUẤT KINH DOANH</b>",
  "Sản phẩm: <b>Trà lúi lọc Sâm Ngọc Linh</b>",
  "Chủ thể: Hộ kinh doanh Hải Thủy – xã Trà Mai, huyện Nam Trà My, tỉnh Quảng Nam",
  "",
  "<b>1. Thông tin chung</b>",
  "Hộ kinh doanh Hải Thủy được thành lập năm 2019, chuyên sản xuất các sản phẩm trà từ lá và",
  "thân rễ phụ của cây sâm Ngọc Linh trồng dưới tán rừng tự nhiên ở độ cao trên 1.200 m",
  "thuộc vùng núi Ngọc Linh. Cơ sở có 6 lao động thường xuyên, trong đó 4 lao động nữ là",
  "người đồng bào Xơ Đăng tại địa phương.",
  "",
  "<b>2. Sản phẩm và thị trường</b>",
  "Trà lúi lọc đóng hộp 20 gói × 2 g, thành phần: lá sâm Ngọc Linh sấy lạnh (60%), trà xanh",
  "(40%). Sản phẩm bán tại cửa hàng giới thiệu sản phẩm OCOP huyện Nam Trà My, các điểm",
  "bán đặc sản tại Tam Kỳ, Hội An, Đà Nẵng và trên sàn thương mại điện tử; giá bán lẻ",
  "185.000 đồng/hộp.",
  "",
  "<b>3. Mục tiêu giai đoạn 2023–2025</b>",
  "– Đạt chứng nhận OCOP 3 sao năm 2023, hướng tới 4 sao năm 2025;",
  "– Nâng sản lượng từ 4.000 lên 10.000 hộp/năm; mở rộng liên kết với 25 hộ trồng sâm;",
  "– Truy xuất nguồn gốc bằng mã QR trên từng hộp sản phẩm.",
  "Trang 1/2",
 ],
 [
  "<b>4. Kế hoạch tài chính (triệu đồng)</b>",
  "",
 ] + tt([
  ("Hạng mục", "2023", "2024", "2025"),
  ("Doanh thu", "740", "1.200", "1.850"),
  ("Chi phí nguyên liệu", "310", "480", "720"),
  ("Nhân công", "216", "290", "380"),
  ("Bao bì, tem nhãn", "64", "96", "140"),
  ("Lợi nhuận trước thuế", "150", "334", "610"),
 ], (22, 8, 8, 8)) + [
  "",
  "<b>5. Đầu tư</b>",
  "Máy sấy lạnh 30 kg/mẻ và máy đóng gói túi lọc tự động, tổng kinh phí 420 triệu đồng,",
  "trong đó vốn hỗ trợ từ Chương trình OCOP tỉnh 40%, vốn tự có 60%.",
  "",
  "<b>6. Rủi ro và giải pháp</b>",
  "Rủi ro chính là nguồn lá sâm phụ thuộc mùa vụ và giá nguyên liệu tăng; cơ sở ký hợp đồng",
  "bao tiêu với các hộ trồng, dự trữ nguyên liệu sấy khô cho 4 tháng sản xuất.",
  "",
  "Trà Mai, ngày 05 tháng 5 năm 2023",
  "CHỦ HỘ KINH DOANH",
  "Nguyễn Thị Hải",
  "Trang 2/2",
 ]]

LAB_TEA_HEAD = [
  "<b>TRUNG TÂM KỸ THUẬT TIÊU CHUẨN ĐO LƯỜNG CHẤT LƯỢNG 2 (QUATEST 2)</b>",
  "97 Lý Thái Tổ, quận Thanh Khê, thành phố Đà Nẵng",
  "",
]
LAB_TEA_BODY = [
  "Tên mẫu: Trà lúi lọc Sâm Ngọc Linh     Mã mẫu: M23-05521",
  "Khách hàng: Hộ kinh doanh Hải Thủy, xã Trà Mai, huyện Nam Trà My, tỉnh Quảng Nam",
  "Ngày nhận mẫu: 15/05/2023     Tình trạng mẫu: hộp 20 gói × 2 g, còn nguyên niêm phong",
  "",
]
def lab_tea(pb, pb_note):
  return tt([
    ("STT", "Chỉ tiêu thử nghiệm", "Đơn vị", "Kết quả", "Phương pháp thử"),
    ("1", "Độ ẩm", "%", "6,4", "TCVN 5613:2007"),
    ("2", "Tro tổng số", "%", "5,9", "TCVN 5611:2007"),
    ("3", "Chì (Pb)", "mg/kg", pb, "AOAC 999.11"),
    ("4", "Cadimi (Cd)", "mg/kg", "KPH (LOD 0,01)", "AOAC 999.11"),
    ("5", "Asen (As)", "mg/kg", "KPH (LOD 0,02)", "AOAC 986.15"),
    ("6", "Tổng số VSV hiếu khí", "CFU/g", "3,2 × 10³", "TCVN 4884-1:2015"),
    ("7", "Coliforms", "CFU/g", "< 10", "TCVN 6848:2007"),
    ("8", "E. coli", "CFU/g", "Không phát hiện", "TCVN 7924-2:2008"),
    ("9", "Nấm men, nấm mốc", "CFU/g", "< 10", "TCVN 8275-2:2010"),
    ("10", "Salmonella", "/25 g", "Không phát hiện", "TCVN 10780-1:2017"),
  ], (4, 21, 7, 16, 18)) + ["", pb_note]

DOCS["QNA-2023-0107/phiếu-kết-quả-thử-nghiệm.pdf"] = [LAB_TEA_HEAD + [
  "<b>PHIẾU KẾT QUẢ THỬ NGHIỆM</b>",
  "Số: 0531/KQ-TN-2023          Ngày: 24/05/2023",
  "",
] + LAB_TEA_BODY + lab_tea("0,35", "") + [
  "KPH: không phát hiện; LOD: giới hạn phát hiện của phương pháp.",
  "Kết quả chỉ có giá trị đối với mẫu do khách hàng gửi đến.",
  "",
  "Người thử nghiệm: Phạm Thị Ngọc Ánh        Trưởng phòng: Trần Thị Thu Hằng",
  "Trang 1/1",
]]

# The corrected report used by the demo's second version: the lead result had
# been typed ten times too high (0,35 instead of 0,035 mg/kg).
DOCS["update/phiếu-kết-quả-thử-nghiệm.pdf"] = [LAB_TEA_HEAD + [
  "<b>PHIẾU KẾT QUẢ THỬ NGHIỆM (ĐÃ ĐÍNH CHÍNH)</b>",
  "Số: 0531/KQ-TN-2023-ĐC1          Ngày: 02/06/2023",
  "Thay thế phiếu số 0531/KQ-TN-2023 ngày 24/05/2023.",
  "",
] + LAB_TEA_BODY + lab_tea("0,035",
  "Đính chính: kết quả chỉ tiêu Chì (Pb) ghi sai là 0,35 mg/kg; kết quả đúng là 0,035 mg/kg.") + [
  "KPH: không phát hiện; LOD: giới hạn phát hiện của phương pháp.",
  "Kết quả chỉ có giá trị đối với mẫu do khách hàng gửi đến.",
  "",
  "Người thử nghiệm: Phạm Thị Ngọc Ánh        Trưởng phòng: Trần Thị Thu Hằng",
  "Trang 1/1",
]]

DOCS["QNA-2023-0107/giấy-chứng-nhận-ATTP.pdf"] = [
 ["<b>SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN TỈNH QUẢNG NAM</b>",
  "<b>CHI CỤC QUẢN LÝ CHẤT LƯỢNG NÔNG LÂM SẢN VÀ THỦY SẢN</b>", ""] + QH + [
  "<b>GIẤY CHỨNG NHẬN</b>",
  "<b>CƠ SỞ ĐỦ ĐIỀU KIỆN AN TOÀN THỰC PHẨM</b>",
  "Số: 214/2023/NNPTNT-QNA",
  "",
  "Chứng nhận: Hộ kinh doanh Hải Thủy",
  "Địa chỉ: thôn 1, xã Trà Mai, huyện Nam Trà My, tỉnh Quảng Nam",
  "Điện thoại: 0235 3xxx xxx",
  "",
  "Đủ điều kiện an toàn thực phẩm để sơ chế, chế biến:",
  "<b>trà túi lọc, trà thảo dược từ lá và thân rễ phụ cây sâm Ngọc Linh</b>",
  "",
  "Giấy chứng nhận có hiệu lực 03 năm kể từ ngày cấp.",
  "",
  "Quảng Nam, ngày 10 tháng 3 năm 2023",
  "CHI CỤC TRƯỞNG",
  "(đã ký và đóng dấu)",
 ]]

DOCS["QNA-2023-0107/nhãn-sản-phẩm-bản-nháp.pdf"] = [[
  "<b>NHÃN SẢN PHẨM – BẢN NHÁP (chưa duyệt)</b>",
  "",
  "<b>TRÀ LÚI LỌC SÂM NGỌC LINH</b>",
  "Thành phần: lá sâm Ngọc Linh sấy lạnh 60%, trà xanh 40%",
  "Khối lượng tịnh: 40 g (20 gói × 2 g)",
  "Hướng dẫn sử dụng: hãm 1 gói với 150 ml nước sôi trong 3–5 phút",
  "Bảo quản: nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp",
  "NSX: xem trên bao bì     HSD: 18 tháng kể từ ngày sản xuất",
  "Cơ sở sản xuất: Hộ kinh doanh Hải Thủy, xã Trà Mai, huyện Nam Trà My, tỉnh Quảng Nam",
  "",
  "Ghi chú nội bộ: bản nháp này thiếu số tự công bố và mã vạch; sẽ thay bằng nhãn đã duyệt.",
]]

# ---- DNG-2025-0031: Tiêu Tiên Phước, re-recognition after the 2025 merger
DOCS["DNG-2025-0031/công-văn-thông-báo-hết-hạn.pdf"] = [
 ["<b>UBND THÀNH PHỐ ĐÀ NẴNG</b>", "<b>SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG</b>",
  "Số: 2874/SNNMT-PTNT", "V/v thông báo giấy chứng nhận sản phẩm OCOP sắp hết hiệu lực", ""] + QH[:2] + [
  "Đà Nẵng, ngày 20 tháng 10 năm 2025",
  "",
  "Kính gửi: Công ty TNHH Sơn Tiến",
  "",
  "Sản phẩm <b>Tiêu Tiên Phước</b> của Công ty được công nhận đạt 4 sao theo Quyết định số",
  "3610/QĐ-UBND ngày 29/12/2022 của UBND tỉnh Quảng Nam (nay thuộc thành phố Đà Nẵng).",
  "Giấy chứng nhận có giá trị 36 tháng kể từ ngày ký quyết định, hết hiệu lực ngày 29/12/2025.",
  "",
  "Sở Nông nghiệp và Môi trường thông báo để Công ty biết; nếu có nhu cầu tiếp tục sử dụng",
  "biểu trưng OCOP, đề nghị Công ty lập hồ sơ đề nghị đánh giá, công nhận lại và gửi qua",
  "UBND xã nơi đặt cơ sở sản xuất trước ngày 30/11/2025 để được xem xét theo quy trình",
  "tại Quyết định số 1489/QĐ-TTg ngày 06/7/2025 của Thủ tướng Chính phủ.",
  "",
  "Sản phẩm không được đánh giá lại đúng hạn sẽ bị thu hồi giấy chứng nhận.",
  "",
  "KT. GIÁM ĐỐC – PHÓ GIÁM ĐỐC",
  "(đã ký)",
 ]]

DOCS["DNG-2025-0031/phiếu-đăng-ký-công-nhận-lại.pdf"] = [QH + [
  "<b>PHIẾU ĐĂNG KÝ ĐÁNH GIÁ, CÔNG NHẬN LẠI SẢN PHẨM OCOP</b>",
  "",
  "Kính gửi: Hội đồng đánh giá, phân hạng sản phẩm OCOP thành phố Đà Nẵng",
  "",
  "1. Tên chủ thể: Công ty TNHH Sơn Tiến",
  "2. Địa chỉ đăng ký kinh doanh (ghi theo giấy phép cũ): thôn Phái Nhơn, xã Tiên Sơn,",
  "   huyện Tiên Phước, tỉnh Quảng Nam; nay thuộc thành phố Đà Nẵng",
  "3. Người đại diện: Nguyễn Văn Tiến, Giám đốc",
  "",
  "4. Sản phẩm: <b>Tiêu Tiên Phước</b>",
  "   Đã được công nhận: 4 sao, 70,9 điểm, Quyết định số 3610/QĐ-UBND ngày 29/12/2022",
  "   của UBND tỉnh Quảng Nam",
  "   Loại đề nghị: công nhận lại (sau 36 tháng)",
  "",
  "5. Hồ sơ kèm theo:",
  "   – Báo cáo tự đánh giá kết quả 3 năm sản xuất kinh doanh",
  "   – Phiếu kết quả thử nghiệm năm 2025",
  "   – Hình ảnh vùng nguyên liệu và bao bì hiện hành",
  "",
  "Tiên Sơn, ngày 14 tháng 11 năm 2025",
  "ĐẠI DIỆN CHỦ THỂ",
  "Nguyễn Văn Tiến",
]]

DOCS["DNG-2025-0031/báo-cáo-tự-đánh-giá.pdf"] = [QH + [
  "<b>BÁO CÁO TỰ ĐÁNH GIÁ</b>",
  "Kết quả sản xuất, kinh doanh sản phẩm Tiêu Tiên Phước giai đoạn 2023–2025",
  "",
  "<b>1. Vùng nguyên liệu</b>",
  "Diện tích tiêu liên kết tăng từ 35 ha (2022) lên 48 ha (2025) với 112 hộ tham gia; 20 ha",
  "được chứng nhận VietGAP năm 2024. Tiêu được trồng xen trong vườn rừng, leo trên cây",
  "mít và cây keo, thu hái chín đỏ từng chùm rồi phơi nắng tự nhiên.",
  "",
  "<b>2. Kết quả kinh doanh</b>",
 ] + tt([
  ("Năm", "Sản lượng (tấn)", "Doanh thu (triệu đồng)", "Lao động"),
  ("2023", "18,5", "2.960", "14"),
  ("2024", "22,0", "3.740", "16"),
  ("2025*", "24,5", "4.170", "18"),
 ], (6, 16, 23, 8)) + [
  "(*) ước thực hiện cả năm 2025.",
  "",
  "<b>3. Đối chiếu bộ tiêu chí</b>",
  "Chủ thể duy trì các tiêu chí đã đạt năm 2022, bổ sung truy xuất nguồn gốc bằng mã QR,",
  "hoàn thiện câu chuyện sản phẩm và tham gia 6 hội chợ xúc tiến thương mại. Sản phẩm đã",
  "xuất khẩu thử 2 tấn sang Hàn Quốc năm 2024.",
  "",
  "<b>4. Đề nghị</b>",
  "Đề nghị Hội đồng xem xét đánh giá, công nhận lại sản phẩm Tiêu Tiên Phước đạt 4 sao.",
  "",
  "Tiên Sơn, ngày 14 tháng 11 năm 2025",
  "GIÁM ĐỐC",
  "Nguyễn Văn Tiến",
]]

for path, pages in DOCS.items():
    assert unicodedata.is_normalized("NFC", path), path
    d = os.path.join(src, path)
    os.makedirs(d, exist_ok=True)
    for n, lines in enumerate(pages, 1):
        with open(os.path.join(d, f"p{n:02d}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
PY

# ---------------------------------------------------------------- 2. PDFs
render_pdf () {  # $1 = folder of pNN.txt, $2 = output PDF
  local p pages=()
  for p in "$1"/p*.txt; do
    pango-view -q --markup --font="DejaVu Serif 10" --width=500 --wrap=word --margin=48 \
      --language=vi_VN -o "${p%.txt}.pdf" "$p"
    pages+=("${p%.txt}.pdf")
  done
  mkdir -p "$(dirname "$2")"
  if [ "${#pages[@]}" -eq 1 ]; then cp "${pages[0]}" "$2"; else pdfunite "${pages[@]}" "$2"; fi
}

count=0
while IFS= read -r -d '' dir; do
  rel=${dir#"$WORK/src/"}
  render_pdf "$dir" "$OUT/$rel"
  count=$((count + 1))
done < <(find "$WORK/src" -name '*.pdf' -type d -print0 | sort -z)

# Creation dates and /ID arrays change on every run.  Dates are overwritten
# in place with digits of the same length, so that the xref offsets stay valid.
python3 - "$OUT" <<'PY'
import hashlib, os, re, sys
for root, _, files in os.walk(sys.argv[1]):
    for fn in files:
        if not fn.endswith(".pdf"):
            continue
        p = os.path.join(root, fn)
        b = open(p, "rb").read()
        b = re.sub(rb"\(D:[0-9]{14}", b"(D:20250101000000", b)
        # pdfunite writes a random binary /ID into the trailer, after the xref
        # table, so it can be replaced by one of another length.
        k = b.rfind(b"/ID [")
        if k > 0:
            e = b.rfind(b"]", k, b.rfind(b"/Root"))
            h = hashlib.md5(b[:k]).hexdigest().encode()
            b = b[:k] + b"/ID [<" + h + b"><" + h + b">" + b[e:]
        open(p, "wb").write(b)
PY

# ---------------------------------------------------------------- 3. photos
# Small stand-ins for the photos a producer attaches: a drawn scene with a
# caption, noised a little so that they compress like photographs.
photo () {  # $1 = output, $2 = background colours, $3 = caption, $4 = drawing
  mkdir -p "$(dirname "$1")"
  "$CONVERT" -size 640x420 "gradient:$2" -seed 7 -attenuate 0.4 +noise Gaussian \
    -fill '#f5efe0' -stroke '#5a3e1b' -strokewidth 3 -draw "$4" \
    -stroke none -fill '#2b1d0e' -font DejaVu-Sans-Bold -pointsize 26 \
    -gravity south -annotate +0+24 "$3" \
    -strip -sampling-factor 4:2:0 -quality 78 "$1"
}
photo "$OUT/QNA-2022-0107/ảnh-sản-phẩm.jpg" '#e8d8b0-#8a6a3a' 'Tiêu Tiên Phước – hũ 100 g' \
  'roundrectangle 250,80 390,320 18,18'
photo "$OUT/QNA-2023-0107/ảnh-sản-phẩm.jpg" '#d9ead3-#4f7a3a' 'Trà lúi lọc Sâm Ngọc Linh' \
  'rectangle 200,90 440,300'
photo "$OUT/DNG-2025-0031/ảnh/vườn-tiêu.jpg" '#b7d7a8-#2f5a1f' 'Vườn tiêu xen rừng, xã Tiên Sơn' \
  'ellipse 320,190 60,120 0,360'
photo "$OUT/DNG-2025-0031/ảnh/bao-bì-2025.jpg" '#f0e0c0-#9a7040' 'Bao bì Tiêu Tiên Phước 2025' \
  'rectangle 230,70 410,320'

# ---------------------------------------------------------------- 4. check
# Every PDF must have a Vietnamese text layer that pdftotext can read back.
while IFS= read -r -d '' pdf; do
  txt=$(pdftotext -enc UTF-8 "$pdf" - 2>/dev/null)
  case $txt in
    *[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđĐ]*) ;;
    *) echo "make-samples: $pdf has no Vietnamese text layer" >&2; exit 1 ;;
  esac
done < <(find "$OUT" -name '*.pdf' -print0)

echo "make-samples: wrote $count PDFs and 4 photos under $OUT ($(du -sh --exclude='*.sh' --exclude='*.md' "$OUT" | cut -f1))"
