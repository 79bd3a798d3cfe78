#!/usr/bin/env python3
"""Builds assets/demo-library/books/* from /work/shared/corpus and the magazine sources.

EPUB: `mimetype` first and stored; everything else deflated. DAISY folders are zipped flat.
Timestamps are fixed so the output is reproducible.
"""
import os
import sys
import zipfile

CORPUS = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/corpus"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "assets", "demo-library", "books")
STAMP = (2025, 11, 21, 0, 0, 0)


def add(z, arc, data, compress=True):
    info = zipfile.ZipInfo(arc, STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    z.writestr(info, data)


def files_under(folder):
    out = []
    for root, _dirs, names in os.walk(folder):
        for n in names:
            full = os.path.join(root, n)
            out.append((os.path.relpath(full, folder).replace(os.sep, "/"), full))
    return sorted(out)


def epub_from_folder(folder, dest):
    with zipfile.ZipFile(dest, "w") as z:
        add(z, "mimetype", b"application/epub+zip", compress=False)
        for arc, full in files_under(folder):
            if arc == "mimetype":
                continue
            with open(full, "rb") as f:
                add(z, arc, f.read())


def epub_from_memory(files, dest):
    with zipfile.ZipFile(dest, "w") as z:
        add(z, "mimetype", b"application/epub+zip", compress=False)
        for arc, text in files:
            add(z, arc, text.encode("utf-8"))


def zip_folder(folder, dest):
    with zipfile.ZipFile(dest, "w") as z:
        for arc, full in files_under(folder):
            with open(full, "rb") as f:
                data = f.read()
            add(z, arc, data, compress=not arc.endswith(".mp3"))


def main():
    os.makedirs(OUT, exist_ok=True)
    ep3 = os.path.join(CORPUS, "epub", "idpf-epub3-samples")
    epub_from_folder(os.path.join(ep3, "kusamakura-japanese-vertical-writing"), os.path.join(OUT, "kusamakura.epub"))
    epub_from_folder(os.path.join(ep3, "haruko-html-jpeg"), os.path.join(OUT, "haruko.epub"))
    epub_from_folder(os.path.join(ep3, "wasteland"), os.path.join(OUT, "wasteland.epub"))
    with open(os.path.join(CORPUS, "epub", "epub2-packaged", "valentin_hauy.epub"), "rb") as src:
        with open(os.path.join(OUT, "valentin_hauy.epub"), "wb") as dst:
            dst.write(src.read())
    zip_folder(os.path.join(CORPUS, "daisy202", "dontworrybehappy"), os.path.join(OUT, "dontworrybehappy-daisy202.zip"))
    zip_folder(os.path.join(CORPUS, "daisy3", "dontworrybehappy"), os.path.join(OUT, "dontworrybehappy-daisy3.zip"))
    sys.path.insert(0, HERE)
    import magazine  # noqa: E402

    for number, files in magazine.issues():
        epub_from_memory(files, os.path.join(OUT, "toshokan-dayori-%d.epub" % number))


if __name__ == "__main__":
    main()
