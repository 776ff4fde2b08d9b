#!/usr/bin/env python3
# make-loop-pdf.py OUT BYTES: a PDF that keeps poppler busy for as long as
# it takes to parse BYTES of content stream (t0100 makes one of 400 MB,
# 390 KB on disk, at test time rather than committing it).
import sys, zlib
# One page whose content stream inflates to N bytes of "q Q "
# operators: each is nothing, so poppler neither draws nor keeps anything,
# it only parses, for as long as it takes.
n = int(sys.argv[2])
ops = b"q Q " * (n // 4)
comp = zlib.compress(ops, 9)
objs = []
objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
objs.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>")
objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(comp) + comp + b"\nendstream")
out = bytearray(b"%PDF-1.4\n")
offsets = []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
for off in offsets:
    out += b"%010d 00000 n \n" % off
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
