package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The cells this kernel ran in this session, for Jupyter's history requests (tail, range, search).
 * Kept in memory only: a restarted kernel starts a new, empty history.
 */
final class CellHistory implements HistoryManager {

    /** Jupyter numbers sessions; a kernel that keeps no earlier sessions has just this one. */
    static final int SESSION = 1;

    private record Cell(int number, String input, String output) {}

    private final List<Cell> cells = new ArrayList<>();

    synchronized void add(int executionCount, String input, String output) {
        cells.add(new Cell(executionCount, input, output == null ? "" : output));
    }

    @Override
    public synchronized List<HistoryEntry> lookupTail(int length, Set<ResultFlag> flags) {
        int from = length <= 0 ? 0 : Math.max(0, cells.size() - length);
        return entries(cells.subList(from, cells.size()), flags);
    }

    @Override
    public synchronized List<HistoryEntry> lookupRange(int session, int start, int stop, Set<ResultFlag> flags) {
        if (session != SESSION && session != 0) {
            return List.of();
        }
        List<Cell> range = new ArrayList<>();
        for (Cell cell : cells) {
            if (cell.number >= start && (stop <= start || cell.number < stop)) {
                range.add(cell);
            }
        }
        return entries(range, flags);
    }

    @Override
    public synchronized List<HistoryEntry> search(String pattern, int length, Set<ResultFlag> flags) {
        Pattern glob = globToRegex(pattern == null || pattern.isEmpty() ? "*" : pattern);
        List<Cell> found = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Cell> newestFirst = new ArrayList<>(cells);
        Collections.reverse(newestFirst);
        for (Cell cell : newestFirst) {
            if (!glob.matcher(cell.input).matches()) continue;
            if (flags.contains(ResultFlag.UNIQUE) && !seen.add(cell.input)) continue;
            found.add(cell);
            if (length > 0 && found.size() == length) break;
        }
        Collections.reverse(found);
        return entries(found, flags);
    }

    private static List<HistoryEntry> entries(List<Cell> cells, Set<ResultFlag> flags) {
        boolean withOutput = flags.contains(ResultFlag.INCLUDE_OUTPUT);
        List<HistoryEntry> entries = new ArrayList<>(cells.size());
        for (Cell cell : cells) {
            entries.add(new HistoryEntry(SESSION, cell.number, cell.input, withOutput ? cell.output : null));
        }
        return entries;
    }

    /** Jupyter's history patterns are sqlite globs: {@code *}, {@code ?} and {@code [...]} lists. */
    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        boolean inList = false;
        for (char c : glob.toCharArray()) {
            if (inList) {
                if (c == ']') inList = false;
                regex.append(c == '\\' ? "\\\\" : String.valueOf(c));
            } else if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (c == '[') {
                inList = true;
                regex.append('[');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
