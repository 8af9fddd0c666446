"""The README is the course's front door: under 150 lines, a quick start of exactly two commands, and
every guide in docs/ named in it; every link in the README and the guides that stays in the repository
leads to a file that is there."""
import re
import unittest

from test_support import ROOT

# a Markdown link's target: [text](target), the target up to a space or the closing parenthesis
LINK = re.compile(r"\]\(([^)\s]+)\)")


def documents():
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def local_targets(path):
    """The links of a Markdown file that point into the repository, each as (target, the file it names)."""
    found = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue   # another site, or a heading of the same page
        found.append((target, (path.parent / target.split("#")[0]).resolve()))
    return found


def broken_links(path):
    """The links of a document inside the repository that lead to no file."""
    return [target for target, resolved in local_targets(path) if not resolved.exists()]


class Docs(unittest.TestCase):

    def test_the_readme_is_a_front_door(self):
        text = (ROOT / "README.md").read_text(encoding="utf-8")
        self.assertLess(text.count("\n"), 150, "the README grew past 150 lines: move the detail into a guide in docs/")
        quick_start = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
        commands = re.search(r"```\n(.*?)```", quick_start, re.S).group(1).split("\n")
        self.assertEqual([c for c in commands if c.strip()], ["environment/start", "environment/test"])
        named = {resolved for _target, resolved in local_targets(ROOT / "README.md")}
        for guide in sorted((ROOT / "docs").glob("*.md")):
            self.assertIn(guide.resolve(), named, f"the README does not name the guide {guide.name}")

    def test_every_link_inside_the_repository_leads_to_a_file_that_is_there(self):
        checked = 0
        for path in documents():
            self.assertEqual(broken_links(path), [], f"{path.relative_to(ROOT)} links to files that are not there")
            checked += len(local_targets(path))
        self.assertGreater(checked, 20, "the links were not found: the pattern no longer matches them")

    def test_a_broken_link_is_found(self):
        page = ROOT / "target" / "docs-check.md"
        page.parent.mkdir(exist_ok=True)
        page.write_text("See [the guide](../docs/no-such-guide.md), [the README](../README.md) and [a site](https://example.org).\n",
                        encoding="utf-8")
        try:
            self.assertEqual(broken_links(page), ["../docs/no-such-guide.md"])
        finally:
            page.unlink()

if __name__ == "__main__":
    unittest.main()
