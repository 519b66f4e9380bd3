"""The forum list's year navigation links only to years the list answers (issue 16: it linked to 1999
and 2101, which answer 404)."""
import re

import pytest


@pytest.mark.parametrize("year, prev, next_", [(2000, None, 2001), (2100, 2099, None), (2026, 2025, 2027)])
def test_the_year_links_only_to_years_that_answer(client, auth, demo, year, prev, next_):
    auth.login("bithu")
    html = client.get(f"/cells/{demo['cell_a']}/forums?year={year}").get_data(as_text=True)
    links = {rel: int(y) for y, rel in re.findall(r'href="[^"]*year=(\d+)" rel="(prev|next)"', html)}
    assert links.get("prev") == prev and links.get("next") == next_
    for target in links.values():
        assert client.get(f"/cells/{demo['cell_a']}/forums?year={target}").status_code == 200


@pytest.mark.parametrize("year", [1999, 2101])
def test_years_outside_answer_404(client, auth, demo, year):
    auth.login("bithu")
    assert client.get(f"/cells/{demo['cell_a']}/forums?year={year}").status_code == 404
