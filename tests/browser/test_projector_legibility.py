"""The projector read from the back of the room, measured in Chromium at 1920×1080 and 1280×720 in both
themes, with six 400-character Vietnamese proposals, a 60-member roll, long names and a long vote subject:

- nothing overflows the screen or is cut: the page never scrolls, every visible text box lies inside the
  viewport and inside its region, no box clips its content (scroll size = client size), no ellipsis or
  line clamp anywhere;
- the newest proposal is shown whole; older ones that no longer fit leave the screen whole (and stay in
  the live region for screen readers);
- text contrast ≥ 7:1 against the background it sits on (WCAG AAA), from the computed colours;
- sizes: proposal text ≥ 28 px at 1080p — about 1/38 of the screen height, legible from 10–12 m on a
  2.5 m-wide image — and the same share of the height at 720p (≥ 18.5 px); every other text ≥ 20 px at
  1080p (≥ 13.3 px at 720p).
- on an ordinary session (issue 16.3, a village hall read from 9–10 m): proposals ≥ 40 px at 1080p, authors
  and labels ≥ 28 px, the phones' QR code ≥ 300 px with its short address printed beside it (and that
  address leads to the follow page); the crowded screen above may set a box smaller to keep it whole, never
  below the floors it states;
- for screen readers: one main landmark; the record (current item, speaker, proposals, votes) in polite
  live regions; the clock and the timers that tick every second hidden from them."""
import datetime as dt

import pytest
import sqlalchemy as sa

from forumsite.clock import today_local
from forumsite.extensions import db

from .focus import contrast

pytestmark = pytest.mark.browser

TOKEN = "projector-legibility-token"
SENTENCE = ("Đề nghị chi ủy phân công mỗi đảng viên trẻ kèm cặp một hộ gia đình khó khăn trong thôn, "
            "thường xuyên thăm hỏi, giúp đỡ phát triển kinh tế, giữ gìn an ninh trật tự và vệ sinh môi "
            "trường; hằng quý báo cáo kết quả tại buổi sinh hoạt chi bộ để kịp thời biểu dương, nhắc nhở "
            "những đồng chí chưa thực hiện tốt nhiệm vụ được giao theo đúng tinh thần Nghị quyết số 4 "
            "của Trung ương về xây dựng, chỉnh đốn Đảng trong giai đoạn mới ở cơ sở")
KINDS = ["gp", "kn", "nn", "mh", "lh", "mt"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
GIVEN = ["Thị Phương Thảo", "Văn Quang Trường", "Thị Ngọc Huyền", "Đức Minh Khôi", "Thị Thanh Hương",
         "Hữu Nghĩa", "Thị Kim Oanh", "Công Thành"]


def proposal_text(n: int) -> str:
    text = f"{KINDS[n % len(KINDS)]}: ({n + 1}) {SENTENCE}"
    return (text + " " + SENTENCE)[:400].rstrip() if len(text) < 400 else text[:400]


@pytest.fixture
def crowded(app, demo):
    """A forum of cell A grown to 60 members, all but two present, in full swing."""
    from forumsite.meeting import actions as live
    from forumsite.members.models import Member
    from forumsite.org.models import Organisation
    from forumsite.planning import actions as plan

    with app.app_context():
        cell = db.session.get(Organisation, demo["cell_a"])
        have = db.session.scalar(sa.select(sa.func.count(Member.id)).where(Member.cell_id == cell.id))
        for i in range(60 - have):
            m = Member(cell_id=cell.id, gender="nu" if i % 2 else "nam", birth_year=1960 + i % 40, role="dang_vien",
                       status="chinh_thuc", joined_on=dt.date(2000 + i % 20, 1 + i % 12, 1 + i % 27))
            m.set_name(f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[i % len(GIVEN)]}")
            db.session.add(m)
        db.session.flush()
        members = db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id).order_by(Member.id)).all()
        assert len(members) == 60
        title = ("Vai trò của chi bộ Đảng trong việc giáo dục, quản lý cán bộ, đảng viên để ngăn chặn, đẩy lùi "
                 "sự suy thoái về tư tưởng chính trị, đạo đức, lối sống, những biểu hiện “tự diễn biến”, "
                 "“tự chuyển hóa” trong nội bộ")
        forum = plan.plan_forum(cell, {"title": title,
                                       "held_on": today_local(), "starts_at": dt.time(7, 30),
                                       "place": "Nhà văn hóa thôn", "mode": "standalone", "secretary_id": members[3].id,
                                       "plan_id": None}, ["de_dan", "bieu_hien", "thao_luan", "giai_phap"])
        plan.approve_forum(forum, "chi_uy", today_local())
        plan.publish_forum(forum)
        live.open_forum(forum)
        live.mark_attendance(forum, members[20], "absent_excused", "Đi công tác")
        live.mark_attendance(forum, members[40], "absent_excused", "Ốm")
        live.mark_rest_present(forum)
        live.step_item(forum, 1)
        speakers = [live.add_speaker(forum, name="Đồng chí Nguyễn Thị Phương Thảo Ngọc Huyền, Phó Bí thư Đảng ủy xã")]
        speakers += [live.add_speaker(forum, member=m) for m in members[10:15]]
        live.start_speech(forum, speakers[0])
        codes = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)})
        for n in range(6):
            live.capture_proposal(forum, f"legible-{n}", proposal_text(n), "khac", codes, speaker=speakers[0])
        tally = live.open_tally(forum, "proposal", SENTENCE[:300], method="count_minority")
        live.close_tally(forum, tally, None, 3, 0)
        forum.display_token = TOKEN
        db.session.commit()
        return forum.id


MEASURE_JS = """() => {
  const W = document.documentElement.clientWidth, H = document.documentElement.clientHeight;
  const hidden = el => el.closest('.off-screen, .visually-hidden, [hidden]');
  const opaque = c => c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c);
  const bgOf = el => { for (let n = el; n; n = n.parentElement) { const b = getComputedStyle(n).backgroundColor;
                       if (opaque(b)) return b; } return 'rgb(255, 255, 255)'; };
  const texts = [], clipped = [], clamps = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (hidden(el) || !el.getClientRects().length) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    if (cs.textOverflow === 'ellipsis') clamps.push(el.className + ': text-overflow ellipsis');
    if (cs.webkitLineClamp && cs.webkitLineClamp !== 'none') clamps.push(el.className + ': line-clamp');
    if (/(hidden|clip|auto|scroll)/.test(cs.overflowX + cs.overflowY)
        && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
      clipped.push(`${el.tagName}.${el.className} ${el.scrollWidth}x${el.scrollHeight}`
                   + ` in ${el.clientWidth}x${el.clientHeight}`);
    const own = Array.from(el.childNodes).filter(n => n.nodeType === 3 && n.textContent.trim())
      .map(n => n.textContent.trim());
    if (!own.length) continue;
    const r = el.getBoundingClientRect();
    const region = el.closest('section, header, aside');
    const rr = region ? region.getBoundingClientRect() : {left: 0, top: 0, right: W, bottom: H};
    texts.push({cls: el.className || el.tagName, text: own.join(' ').slice(0, 50), size: parseFloat(cs.fontSize),
                color: cs.color, background: bgOf(el),
                inViewport: r.left >= -1 && r.top >= -1 && r.right <= W + 1 && r.bottom <= H + 1,
                inRegion: r.left >= rr.left - 1 && r.top >= rr.top - 1 && r.right <= rr.right + 1
                          && r.bottom <= rr.bottom + 1});
  }
  const shown = Array.from(document.querySelectorAll('#screen-proposals .screen-proposals > li'))
    .filter(li => !li.classList.contains('off-screen')).map(li => li.querySelector('.text').textContent);
  return {W, H, pageScroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
          texts, clipped, clamps, shown,
          proposalSize: parseFloat(getComputedStyle(document.querySelector('.screen-proposals .text')).fontSize)};
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_projector_fits_and_is_legible(browser, live_server, crowded, theme, shot):
    report = {}
    for width, height in ((1920, 1080), (1280, 720)):
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            page = context.new_page()
            page.goto(f"{live_server}/display/{TOKEN}?theme={theme}")
            page.wait_for_selector("body[data-fitted]")
            page.evaluate("() => document.fonts.ready")
            page.wait_for_timeout(150)  # the last fit after the fonts
            m = page.evaluate(MEASURE_JS)
            shot(page, f"projector-legibility-{theme}-{width}")
            assert not page.locator("#screen-header").evaluate("e => e.scrollWidth > e.clientWidth")
            sr = page.evaluate("""() => ({
                main: document.querySelectorAll('main').length,
                live: ['#screen-agenda', '#screen-speaker', '#screen-proposals', '#screen-tally']
                  .map(s => document.querySelector(s).getAttribute('aria-live')),
                ticking: Array.from(document.querySelectorAll('[data-until], [data-since], [data-clock]'))
                  .every(e => e.closest('[aria-hidden="true"]')),
                record: document.querySelector('#screen-proposals').textContent,
                clockHidden: document.querySelector('[data-clock]').getAttribute('aria-hidden')})""")
        finally:
            context.close()
        report[(width, height)] = m
        scale = height / 1080
        assert m["pageScroll"] == [m["W"], m["H"]], m["pageScroll"]
        assert not m["clipped"], m["clipped"]
        assert not m["clamps"], m["clamps"]
        outside = [t for t in m["texts"] if not (t["inViewport"] and t["inRegion"])]
        assert not outside, outside
        # The newest proposal whole, older ones whole or gone — never half.
        assert m["shown"] and m["shown"][0] == proposal_text(5).split(": ", 1)[1], m["shown"][:1]
        assert all(s == proposal_text(5 - i).split(": ", 1)[1] for i, s in enumerate(m["shown"]))
        assert m["proposalSize"] >= 28 * scale - 0.2, m["proposalSize"]
        small = [t for t in m["texts"] if t["size"] < 20 * scale - 0.2]
        assert not small, small
        weak = [(t["cls"], t["text"], round(contrast(t["color"], t["background"]), 2)) for t in m["texts"]
                if contrast(t["color"], t["background"]) < 7]
        assert not weak, weak
        assert sr["main"] == 1 and sr["live"] == ["polite"] * 4 and sr["clockHidden"] == "true" and sr["ticking"]
        assert all(proposal_text(n).split(": ", 1)[1] in sr["record"] for n in range(6))  # all six, for screen readers
    # The layout scales with the screen: the same proposals fit at both sizes.
    assert len(report[(1920, 1080)]["shown"]) == len(report[(1280, 720)]["shown"])


ORDINARY = [
    ("gp", "Mỗi tháng một buổi sinh hoạt chuyên đề về tự phê bình và phê bình, có phân công chuẩn bị trước BH5"),
    ("nn", "Một số đảng viên chưa gương mẫu trong sinh hoạt chi bộ, còn ngại va chạm khi góp ý đồng chí mình"),
    ("kn", "Đề nghị Đảng ủy xã tổ chức lớp bồi dưỡng lý luận chính trị cho đảng viên mới trong quý I năm 2027"),
]


@pytest.fixture
def ordinary(app, demo):
    """A forum of cell A as it usually runs: everyone present, a speaker, three proposals, a vote open."""
    from forumsite.meeting import actions as live
    from forumsite.members.models import Member
    from forumsite.org.models import Organisation
    from forumsite.planning import actions as plan

    with app.app_context():
        cell = db.session.get(Organisation, demo["cell_a"])
        members = db.session.scalars(sa.select(Member).where(Member.cell_id == cell.id).order_by(Member.id)).all()
        forum = plan.plan_forum(cell, {"title": "Diễn đàn chi bộ Thôn Phú Hưng năm 2026", "held_on": today_local(),
                                       "starts_at": dt.time(7, 30), "place": "Nhà văn hóa thôn", "mode": "standalone",
                                       "secretary_id": members[3].id, "plan_id": None},
                                ["de_dan", "bieu_hien", "thao_luan", "giai_phap"])
        plan.approve_forum(forum, "chi_uy", today_local())
        plan.publish_forum(forum)
        live.open_forum(forum)
        live.mark_rest_present(forum)
        live.step_item(forum, 1)
        speaker = live.add_speaker(forum, member=members[5])
        live.add_speaker(forum, member=members[6])
        live.start_speech(forum, speaker)
        codes = frozenset({f"BH{i}" for i in range(1, 28)} | {f"NV{i}" for i in range(1, 11)})
        for n, (kind, text) in enumerate(ORDINARY):
            live.capture_proposal(forum, f"ordinary-{n}", f"{kind}: {text}", "khac", codes, speaker=speaker)
        live.open_tally(forum, "proposal", "Mỗi tháng một buổi sinh hoạt chuyên đề")
        forum.display_token = TOKEN
        db.session.commit()
        return forum.id


SIZES_JS = """() => {
  const px = el => parseFloat(getComputedStyle(el).fontSize);
  const shown = el => !el.closest('.off-screen, .visually-hidden, [hidden]') && el.getClientRects().length;
  const all = sel => Array.from(document.querySelectorAll(sel)).filter(shown);
  const box = el => { const r = el.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
  const qr = document.querySelector('.screen-qr img'), address = document.querySelector('.screen-qr-address');
  return {proposals: all('.screen-proposals .text').map(px), authors: all('.screen-proposals .author').map(px),
          labels: all('.label').map(e => [e.textContent.trim().slice(0, 30), px(e)]),
          qr: box(qr), address: box(address), addressText: address.textContent.trim(),
          addressSize: px(address), voting: px(document.querySelector('.verdict.voting'))};
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_an_ordinary_session_is_read_from_the_back_of_a_village_hall(browser, live_server, ordinary, theme, shot,
                                                                     client):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/display/{TOKEN}?theme={theme}")
        page.wait_for_selector("body[data-fitted]")
        page.evaluate("() => document.fonts.ready")
        page.wait_for_timeout(150)
        m = page.evaluate(MEASURE_JS)
        sizes = page.evaluate(SIZES_JS)
        shot(page, f"projector-ordinary-{theme}-1920")
    finally:
        context.close()
    assert m["pageScroll"] == [m["W"], m["H"]] and not m["clipped"] and not m["clamps"]
    assert not [t for t in m["texts"] if not (t["inViewport"] and t["inRegion"])]
    # The newest whole at 40 px (the oldest leaves the screen whole when it no longer fits).
    assert len(sizes["proposals"]) >= 2 and min(sizes["proposals"]) >= 40, sizes["proposals"]
    assert sizes["authors"] and min(sizes["authors"]) >= 28, sizes["authors"]
    assert all(size >= 28 for _, size in sizes["labels"]), sizes["labels"]
    assert sizes["voting"] >= 56
    qr, address = sizes["qr"], sizes["address"]
    assert qr["r"] - qr["l"] >= 300 and qr["b"] - qr["t"] >= 300, qr
    # Beside it: level with the code, just to its left, large enough to type from.
    assert address["r"] <= qr["l"] and qr["l"] - address["r"] < 60 and address["t"] < qr["b"] and address["b"] > qr["t"]
    assert sizes["addressSize"] >= 28
    weak = [(t["cls"], t["text"]) for t in m["texts"] if contrast(t["color"], t["background"]) < 7]
    assert not weak, weak
    # The short address is the follow page's (which asks for a login, as it always did).
    path = sizes["addressText"].split("/", 1)[1]
    assert path == f"f/{ordinary}"
    response = client.get(f"/{path}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/forums/{ordinary}/follow")
