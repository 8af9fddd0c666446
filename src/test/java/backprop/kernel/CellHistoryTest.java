package backprop.kernel;

import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager.ResultFlag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellHistoryTest {

    private static List<String> inputs(List<HistoryEntry> entries) {
        return entries.stream().map(HistoryEntry::getInput).toList();
    }

    private static CellHistory history() {
        CellHistory h = new CellHistory();
        h.add(1, "int a = 1;", "");
        h.add(2, "a + 1", "2");
        h.add(3, "a + 1", "2");
        h.add(4, "a * 2", "2");
        return h;
    }

    @Test
    void tailRangeAndSearch() {
        CellHistory h = history();
        assertEquals(List.of("a + 1", "a * 2"), inputs(h.lookupTail(2, EnumSet.noneOf(ResultFlag.class))));
        assertEquals(List.of("a + 1", "a + 1"), inputs(h.lookupRange(CellHistory.SESSION, 2, 4, EnumSet.noneOf(ResultFlag.class))));
        assertEquals(List.of("a + 1", "a + 1", "a * 2"), inputs(h.search("a ? ?", 0, EnumSet.noneOf(ResultFlag.class))));
        assertEquals(List.of("a + 1", "a + 1"), inputs(h.search("a [+*] 1", 0, EnumSet.noneOf(ResultFlag.class))));
        assertEquals(List.of("a * 2"), inputs(h.search("a ? ?", 1, EnumSet.noneOf(ResultFlag.class))), "the newest n");
        assertEquals(List.of("a + 1"), inputs(h.search("a + *", 0, EnumSet.of(ResultFlag.UNIQUE))));
        assertEquals("2", h.lookupTail(1, EnumSet.of(ResultFlag.INCLUDE_OUTPUT)).get(0).getOutput());
    }
}
