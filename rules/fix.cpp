// The fix engine: choosing non-overlapping fixes, applying edits, dropping what breaks parsing, and
// unified diffs built from the edits themselves.
#include "fxlint/fix.h"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace fxlint {
namespace {

bool overlaps(const Edit& a, const Edit& b) {
  // Two insertions at one point conflict (their order would be arbitrary); touching ranges do not.
  if (a.begin == a.end && b.begin == b.end) return a.begin == b.begin;
  return a.begin < b.end && b.begin < a.end;
}

bool overlapsAny(const Fix& fix, const std::vector<Edit>& taken) {
  for (const Edit& edit : fix.edits)
    for (const Edit& other : taken)
      if (overlaps(edit, other)) return true;
  return false;
}

std::vector<Edit> editsOf(const std::vector<const Fix*>& fixes, const std::vector<size_t>& chosen) {
  std::vector<Edit> edits;
  for (size_t i : chosen) edits.insert(edits.end(), fixes[i]->edits.begin(), fixes[i]->edits.end());
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) {
    return std::tie(a.begin, a.end) < std::tie(b.begin, b.end);
  });
  return edits;
}

// Byte offsets at which each line starts, plus text.size() as a sentinel.
std::vector<size_t> lineStarts(std::string_view text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n' && i + 1 < text.size()) starts.push_back(i + 1);
  starts.push_back(text.size());
  return starts;
}

size_t lineOf(const std::vector<size_t>& starts, size_t offset) {
  return size_t(std::upper_bound(starts.begin(), starts.end() - 1, offset) - starts.begin()) - 1;
}

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

void appendLines(std::string& out, char marker, const std::vector<std::string_view>& lines, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    out += marker;
    out += lines[i];
    if (lines[i].empty() || lines[i].back() != '\n') out += "\n\\ No newline at end of file\n";
  }
}

std::string range(size_t start, size_t count) {
  // Unified diff numbering: an empty range names the line before it.
  return std::to_string(count == 0 ? start : start + 1) + (count == 1 ? "" : "," + std::to_string(count));
}

}  // namespace

const char* applicabilityName(Applicability applicability) {
  switch (applicability) {
    case Applicability::Safe: return "safe";
    case Applicability::Unsafe: return "unsafe";
    case Applicability::Advice: return "advice";
  }
  return "safe";
}

std::string applyEdits(std::string_view text, const std::vector<Edit>& edits) {
  std::string out;
  size_t at = 0;
  for (const Edit& edit : edits) {
    out.append(text.substr(at, edit.begin - at));
    out += edit.replacement;
    at = edit.end;
  }
  out.append(text.substr(std::min<size_t>(at, text.size())));
  return out;
}

AppliedFixes applyFixes(std::string_view text, const std::vector<const Fix*>& fixes,
                        const std::function<bool(std::string_view)>& parses) {
  AppliedFixes result;
  std::vector<size_t> order(fixes.size());
  std::iota(order.begin(), order.end(), size_t{0});
  auto firstOffset = [&](size_t i) { return fixes[i]->edits.empty() ? UINT32_MAX : fixes[i]->edits.front().begin; };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return firstOffset(a) < firstOffset(b); });
  std::vector<size_t> chosen;
  std::vector<Edit> taken;
  for (size_t i : order) {
    const Fix& fix = *fixes[i];
    bool valid = !fix.edits.empty() && std::all_of(fix.edits.begin(), fix.edits.end(), [&](const Edit& e) {
      return e.begin <= e.end && e.end <= text.size();
    });
    if (!valid) continue;
    if (overlapsAny(fix, taken)) {
      result.overlapping.push_back(i);
      continue;
    }
    chosen.push_back(i);
    taken.insert(taken.end(), fix.edits.begin(), fix.edits.end());
  }
  result.text = applyEdits(text, editsOf(fixes, chosen));
  if (!chosen.empty() && !parses(result.text)) {
    std::vector<size_t> kept;
    for (size_t i : chosen) {
      if (parses(applyEdits(text, fixes[i]->edits))) kept.push_back(i);
      else result.unparsable.push_back(i);
    }
    result.text = applyEdits(text, editsOf(fixes, kept));
    if (!kept.empty() && !parses(result.text)) {
      result.unparsable.insert(result.unparsable.end(), kept.begin(), kept.end());
      kept.clear();
      result.text = std::string(text);
    }
    chosen = std::move(kept);
  }
  std::sort(chosen.begin(), chosen.end());
  result.applied = std::move(chosen);
  return result;
}

std::string unifiedDiff(const std::string& path, std::string_view before, std::vector<Edit> edits) {
  std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin < b.begin; });
  std::vector<size_t> starts = lineStarts(before);
  std::vector<std::string_view> lines = splitLines(before);
  // Each edit touches whole lines [first, last]; edits on neighbouring lines form one change.
  struct Change {
    size_t first, last;  // original lines, inclusive; last == first - 1 for a pure insertion at a line start
    std::vector<Edit> edits;
  };
  std::vector<Change> changes;
  for (const Edit& edit : edits) {
    size_t first = lineOf(starts, edit.begin);
    size_t last = edit.end > edit.begin ? lineOf(starts, edit.end - 1) : first;
    if (lines.empty()) first = last = 0;
    if (!changes.empty() && first <= changes.back().last + 1) {
      changes.back().last = std::max(changes.back().last, last);
      changes.back().edits.push_back(edit);
    } else {
      changes.push_back({first, last, {edit}});
    }
  }
  constexpr size_t kContext = 3;
  std::string body;
  long shift = 0;  // lines the previous hunks added to the new file
  for (size_t c = 0; c < changes.size();) {
    // A hunk gathers changes whose context would touch.
    size_t end = c + 1;
    while (end < changes.size() && changes[end].first <= changes[end - 1].last + 1 + 2 * kContext) ++end;
    size_t hunkFirst = changes[c].first >= kContext ? changes[c].first - kContext : 0;
    size_t hunkLast = std::min(changes[end - 1].last + kContext, lines.empty() ? 0 : lines.size() - 1);
    std::string hunk;
    size_t oldCount = 0, newCount = 0, at = hunkFirst;
    for (size_t k = c; k < end; ++k) {
      const Change& change = changes[k];
      appendLines(hunk, ' ', lines, at, change.first);
      oldCount += change.first - at;
      newCount += change.first - at;
      size_t from = starts[change.first], to = starts[std::min(change.last + 1, starts.size() - 1)];
      std::vector<Edit> local = change.edits;
      for (Edit& e : local) {
        e.begin -= uint32_t(from);
        e.end -= uint32_t(from);
      }
      std::string oldText(before.substr(from, to - from));
      std::string newText = applyEdits(oldText, local);
      std::vector<std::string_view> oldLines = splitLines(oldText), newLines = splitLines(newText);
      // Lines the edits leave as they were (an insertion after a line) are context, not changes.
      size_t same = 0, sameEnd = 0;
      while (same < oldLines.size() && same < newLines.size() && oldLines[same] == newLines[same]) ++same;
      while (sameEnd + same < oldLines.size() && sameEnd + same < newLines.size() &&
             oldLines[oldLines.size() - 1 - sameEnd] == newLines[newLines.size() - 1 - sameEnd])
        ++sameEnd;
      appendLines(hunk, ' ', oldLines, 0, same);
      appendLines(hunk, '-', oldLines, same, oldLines.size() - sameEnd);
      appendLines(hunk, '+', newLines, same, newLines.size() - sameEnd);
      appendLines(hunk, ' ', oldLines, oldLines.size() - sameEnd, oldLines.size());
      oldCount += oldLines.size();
      newCount += newLines.size();
      at = change.last + 1;
    }
    size_t tail = std::min(hunkLast + 1, lines.size());
    if (at < tail) {
      appendLines(hunk, ' ', lines, at, tail);
      oldCount += tail - at;
      newCount += tail - at;
    }
    body += "@@ -" + range(hunkFirst, oldCount) + " +" + range(size_t(long(hunkFirst) + shift), newCount) + " @@\n" + hunk;
    shift += long(newCount) - long(oldCount);
    c = end;
  }
  if (body.empty()) return {};
  return "--- " + path + "\n+++ " + path + "\n" + body;
}

}  // namespace fxlint
