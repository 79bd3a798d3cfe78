"""Source text of the demo e-magazine 「としょかんだより」 / "Library News" (CC0, written for Tomoshibi)."""
from xml.sax.saxutils import escape

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

CSS = """body { font-family: serif; line-height: 1.8; margin: 1em; }
h1 { font-size: 1.6em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #888; }
p.en { font-style: italic; }
"""

ISSUES = [
    {
        "number": 1,
        "uuid": "6f1c2a4e-3b5d-4c8e-9a71-0d2e4f6a8b01",
        "date": "2025-10-01",
        "articles": [
            ("news", "図書館からのお知らせ", "News from the library", [
                "ともしび デモ図書館の電子書籍サービスが始まりました。パソコンから、いつでも本を借りられます。",
                "貸出期間は14日間です。一度だけ延長できます。ほかの人が予約していると延長できません。",
                "Our e-book service has started. You can borrow up to five books for fourteen days.",
            ]),
            ("large-print", "大きな文字で読むには", "Reading in large print", [
                "文字の大きさは、読書画面の設定でいつでも変えられます。行間や背景の色も選べます。",
                "縦書きの本も、横書きに切り替えて読むことができます。",
                "Tip: choose a high-contrast theme and a larger font if small text is tiring.",
            ]),
            ("events", "今月の催し", "Events this month", [
                "毎週土曜日の午前十時から、録音図書の使い方講座を開きます。どなたでも参加できます。",
                "Every Saturday at 10 a.m. we run a short class on talking books. Everyone is welcome.",
            ]),
        ],
    },
    {
        "number": 2,
        "uuid": "6f1c2a4e-3b5d-4c8e-9a71-0d2e4f6a8b02",
        "date": "2025-11-01",
        "articles": [
            ("talking-books", "録音図書（デイジー）を聴こう", "Listening to talking books (DAISY)", [
                "デイジー図書は、目で読むことが難しい方のための録音図書です。見出しごとに移動できます。",
                "再生の速さを変えたり、しおりをはさんだりすることもできます。",
                "DAISY talking books let you jump between headings, change the speed and set bookmarks.",
            ]),
            ("holds", "予約のしかた", "How to place a hold", [
                "読みたい本が貸出中のときは、予約ができます。順番が来たら、3日以内に借りてください。",
                "When a book is on loan, place a hold. When it is your turn you have three days to borrow it.",
            ]),
            ("staff-picks", "職員のおすすめ", "Staff picks", [
                "夏目漱石『草枕』は、縦書きで味わいたい一冊です。T. S. エリオット『荒地』は英語の詩です。",
                "Try Natsume Soseki's Kusamakura in vertical writing, or T. S. Eliot's The Waste Land.",
            ]),
        ],
    },
]


def xhtml(title, body):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
        'xml:lang="ja" lang="ja">\n<head>\n<meta charset="UTF-8"/>\n<title>%s</title>\n'
        '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n<body>\n%s</body>\n</html>\n'
        % (escape(title), body)
    )


def issue_files(issue):
    n = issue["number"]
    title = "としょかんだより 第%d号" % n
    files = [("META-INF/container.xml", CONTAINER), ("EPUB/style.css", CSS)]
    nav_items = []
    manifest = []
    spine = []
    for key, ja, en, paras in issue["articles"]:
        body = '<section epub:type="chapter">\n<h1>%s</h1>\n<p class="en" lang="en" xml:lang="en">%s</p>\n' % (
            escape(ja),
            escape(en),
        )
        for p in paras:
            if all(ord(c) < 128 for c in p):
                body += '<p lang="en" xml:lang="en">%s</p>\n' % escape(p)
            else:
                body += "<p>%s</p>\n" % escape(p)
        body += "</section>\n"
        files.append(("EPUB/%s.xhtml" % key, xhtml(ja, body)))
        nav_items.append('<li><a href="%s.xhtml">%s</a></li>' % (key, escape(ja)))
        manifest.append('<item id="%s" href="%s.xhtml" media-type="application/xhtml+xml"/>' % (key, key))
        spine.append('<itemref idref="%s"/>' % key)
    nav_body = (
        '<h1>%s</h1>\n<nav epub:type="toc" id="toc">\n<h2>目次 Contents</h2>\n<ol>\n%s\n</ol>\n</nav>\n'
        % (escape(title), "\n".join(nav_items))
    )
    files.append(("EPUB/nav.xhtml", xhtml(title, nav_body)))
    opf = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" xml:lang="ja" unique-identifier="uid">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:%(uuid)s</dc:identifier>
    <dc:title id="title">%(title)s</dc:title>
    <meta refines="#title" property="alternate-script" xml:lang="en">Library News No. %(n)d</meta>
    <dc:creator>ともしび デモ図書館 (Tomoshibi demo library)</dc:creator>
    <dc:language>ja</dc:language>
    <dc:date>%(date)s</dc:date>
    <dc:rights>CC0 1.0 Universal — https://creativecommons.org/publicdomain/zero/1.0/</dc:rights>
    <meta property="dcterms:modified">%(date)sT00:00:00Z</meta>
    <meta property="belongs-to-collection" id="series">としょかんだより</meta>
    <meta refines="#series" property="collection-type">series</meta>
    <meta refines="#series" property="group-position">%(n)d</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="style.css" media-type="text/css"/>
    %(manifest)s
  </manifest>
  <spine>
    <itemref idref="nav"/>
    %(spine)s
  </spine>
</package>
""" % {
        "uuid": issue["uuid"],
        "title": escape(title),
        "n": n,
        "date": issue["date"],
        "manifest": "\n    ".join(manifest),
        "spine": "\n    ".join(spine),
    }
    files.append(("EPUB/package.opf", opf))
    return files


def issues():
    return [(i["number"], issue_files(i)) for i in ISSUES]
