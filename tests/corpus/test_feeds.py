"""RSS and Atom feeds read from files: one document per item, nothing fetched."""

from __future__ import annotations

import pytest

from timeline.corpus import read_corpus
from timeline.errors import InputError

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Port News</title>
<item><title>Fire at harbour</title><link>http://example.org/1</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
<description>&lt;p&gt;On 3 March 2024 a &lt;b&gt;fire&lt;/b&gt; destroyed the warehouse.&lt;/p&gt;&lt;p&gt;Police opened an
inquiry.&lt;/p&gt;</description></item>
<item><title>Port reopens</title><link>http://example.org/2</link><pubDate>Thu, 07 Mar 2024 09:00:00 GMT</pubDate>
<description>The port reopened to ships on Wednesday.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Watch</title>
<entry><title>Inquiry widens</title><id>urn:x:3</id><updated>2024-03-09T08:00:00Z</updated>
<summary>A short summary.</summary>
<content type="html">&lt;p&gt;Investigators said on 8 March 2024 that the fire began in the hall.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_items_are_documents(tmp_path):
    (tmp_path / "port.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "watch.atom").write_text(ATOM, encoding="utf-8")
    docs = read_corpus([tmp_path]).set_index("title")
    assert list(docs.index) == ["Fire at harbour", "Port reopens", "Inquiry widens"]  # by publication
    fire = docs.loc["Fire at harbour"]
    assert fire["text"] == "On 3 March 2024 a fire destroyed the warehouse.\nPolice opened an\ninquiry."  # markup gone
    assert fire["published"].isoformat() == "2024-03-05T10:00:00+00:00"
    assert fire["source"] == "Port News" and fire["url"] == "http://example.org/1"
    watch = docs.loc["Inquiry widens"]
    assert watch["text"].startswith("Investigators said")  # the full content, not the summary
    assert watch["source"] == "Harbour Watch" and watch["published"].day == 9  # updated, when nothing is published


def test_xml_that_is_no_feed_is_skipped_in_a_folder_and_refused_when_named(tmp_path, caplog):
    (tmp_path / "port.rss").write_text(RSS, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>http://x</loc></url></urlset>')
    assert len(read_corpus([tmp_path])) == 2
    assert "sitemap.xml: XML file is no RSS or Atom feed; skipped" in caplog.text
    with pytest.raises(InputError, match="sitemap.xml: XML file is no RSS or Atom feed"):
        read_corpus([tmp_path / "sitemap.xml"])


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"), (b"  \n", "empty file"),
    (bytes(range(256)) * 4, "XML file is no RSS or Atom feed"),  # binary
])
def test_an_empty_or_binary_feed_file_is_named_not_a_crash(tmp_path, content, reason):
    (tmp_path / "news.rss").write_bytes(content)
    with pytest.raises(InputError, match=f"news.rss: {reason}"):
        read_corpus([tmp_path / "news.rss"])


def test_a_feed_cut_off_before_its_first_item_is_an_error_naming_it(tmp_path, caplog):
    (tmp_path / "cut.rss").write_text(RSS[:RSS.index("<item>") - 10], encoding="utf-8")
    with pytest.raises(InputError, match=r"cut.rss: malformed feed \(.*\); pass --skip-bad"):
        read_corpus([tmp_path / "cut.rss"])
    (tmp_path / "port.rss").write_text(RSS, encoding="utf-8")
    assert len(read_corpus([tmp_path], skip_bad=True)) == 2 and "cut.rss: malformed feed" in caplog.text


def test_a_feeds_entities_are_not_expanded(tmp_path):
    """No external file read into a line (XXE), no entity bomb expanded."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(9))
    (tmp_path / "evil.rss").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">{laughs}]>\n'
        '<rss version="2.0"><channel><title>T</title><item><title>x</title>'
        "<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>"
        "<description>On 3 March 2024 a fire &xxe; &l8; destroyed the warehouse.</description></item></channel></rss>")
    text = read_corpus([tmp_path / "evil.rss"])["text"].iat[0]
    assert "TOPSECRET" not in text and len(text) < 200
