// The fix engine on its own: choosing non-overlapping fixes, dropping fixes that break parsing, and the
// unified diff built from edits.
#include <gtest/gtest.h>

#include "fxlint/fix.h"

namespace fxlint {
namespace {

Fix fixOf(std::vector<Edit> edits, Applicability applicability = Applicability::Safe) {
  return Fix{"title", applicability, std::move(edits)};
}

bool alwaysParses(std::string_view) { return true; }

TEST(FixEngine, AppliesDisjointFixesInOffsetOrder) {
  Fix second = fixOf({{6, 9, "BAR"}});
  Fix first = fixOf({{0, 3, "FOO"}});
  AppliedFixes result = applyFixes("foo = bar\n", {&second, &first}, alwaysParses);
  EXPECT_EQ(result.text, "FOO = BAR\n");
  EXPECT_EQ(result.applied, (std::vector<size_t>{0, 1}));
  EXPECT_TRUE(result.overlapping.empty());
}

TEST(FixEngine, LeavesOverlappingFixForALaterPass) {
  Fix outer = fixOf({{0, 9, "x = 1"}});
  Fix inner = fixOf({{6, 9, "BAR"}});
  AppliedFixes result = applyFixes("foo = bar\n", {&inner, &outer}, alwaysParses);
  EXPECT_EQ(result.text, "x = 1\n");  // the one starting first wins
  EXPECT_EQ(result.applied, (std::vector<size_t>{1}));
  EXPECT_EQ(result.overlapping, (std::vector<size_t>{0}));
}

TEST(FixEngine, TouchingRangesDoNotOverlapButTwoInsertionsAtOnePointDo) {
  Fix left = fixOf({{0, 3, "a"}});
  Fix right = fixOf({{3, 6, "b"}});
  EXPECT_EQ(applyFixes("foobar", {&left, &right}, alwaysParses).text, "ab");
  Fix insertA = fixOf({{3, 3, "A"}});
  Fix insertB = fixOf({{3, 3, "B"}});
  AppliedFixes result = applyFixes("foobar", {&insertA, &insertB}, alwaysParses);
  EXPECT_EQ(result.text, "fooAbar");
  EXPECT_EQ(result.overlapping, (std::vector<size_t>{1}));
}

TEST(FixEngine, DropsOnlyTheFixThatBreaksParsing) {
  auto parses = [](std::string_view text) { return text.find("(") == std::string_view::npos || text.find(")") != std::string_view::npos; };
  Fix good = fixOf({{0, 1, "y"}});
  Fix bad = fixOf({{4, 5, "f("}});
  AppliedFixes result = applyFixes("x = 1\n", {&good, &bad}, parses);
  EXPECT_EQ(result.text, "y = 1\n");
  EXPECT_EQ(result.applied, (std::vector<size_t>{0}));
  EXPECT_EQ(result.unparsable, (std::vector<size_t>{1}));
}

TEST(FixEngine, DropsEverythingWhenOnlyTheCombinationBreaksParsing) {
  auto parses = [](std::string_view text) { return text.find("AB") == std::string_view::npos; };
  Fix a = fixOf({{0, 1, "A"}});
  Fix b = fixOf({{1, 2, "B"}});
  AppliedFixes result = applyFixes("xy\n", {&a, &b}, parses);
  EXPECT_EQ(result.text, "xy\n");
  EXPECT_TRUE(result.applied.empty());
  EXPECT_EQ(result.unparsable.size(), 2u);
}

TEST(FixEngine, IgnoresFixesWithoutEditsOrOutOfRange) {
  Fix advice = fixOf({}, Applicability::Advice);
  Fix outside = fixOf({{2, 40, "z"}});
  AppliedFixes result = applyFixes("abc", {&advice, &outside}, alwaysParses);
  EXPECT_EQ(result.text, "abc");
  EXPECT_TRUE(result.applied.empty());
}

TEST(FixEngine, UnifiedDiffHasContextAndShiftedNewLineNumbers) {
  std::string before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n";
  // Line 2 becomes two lines; line 12 changes: two hunks, the second shifted by one in the new file.
  std::vector<Edit> edits = {{2, 3, "B1\nB2"}, {22, 23, "L"}};
  EXPECT_EQ(unifiedDiff("f.py", before, edits),
            "--- f.py\n+++ f.py\n"
            "@@ -1,5 +1,6 @@\n a\n-b\n+B1\n+B2\n c\n d\n e\n"
            "@@ -9,5 +10,5 @@\n i\n j\n k\n-l\n+L\n m\n");
}

TEST(FixEngine, UnifiedDiffMarksAMissingFinalNewline) {
  EXPECT_EQ(unifiedDiff("f.py", "x = 1", {{4, 5, "2"}}),
            "--- f.py\n+++ f.py\n@@ -1 +1 @@\n-x = 1\n\\ No newline at end of file\n+x = 2\n\\ No newline at end of file\n");
  EXPECT_EQ(unifiedDiff("f.py", "x = 1\n", {}), "");
}

}  // namespace
}  // namespace fxlint
