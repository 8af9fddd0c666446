package backprop.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** When Kernel → Interrupt counts: from the moment an execute request begins to its end, and not between cells. */
class CodeEvaluatorTest {

    private static CodeEvaluator evaluator;

    @BeforeAll
    static void startJShell() {
        CellExecutionControl.Provider engine = new CellExecutionControl.Provider();
        evaluator = new CodeEvaluator(new ShellStart(engine), engine,
                new Magics(path -> { }, page -> { }, code -> { }), new LearnerErrors());
    }

    /**
     * The front end shows the cell busy as soon as the kernel publishes its execute_input, before the
     * cell's code starts: an interrupt pressed then stops the cell, and none of its code runs.
     */
    @Test
    void anInterruptAsTheCellBeginsStopsItBeforeAnyOfItsCodeRuns() {
        evaluator.run("int ran = 0;", 1);
        evaluator.cellBegins();
        evaluator.interrupt();
        CellError error = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(CellError.class, () -> evaluator.run("ran = 1;\nwhile (true) { }", 2)));
        evaluator.cellEnds();
        assertEquals("Interrupted", error.name);
        assertEquals(0, evaluator.run("ran", 3));
    }

    @Test
    void anInterruptBetweenCellsIsIgnored() {
        evaluator.cellBegins();
        evaluator.cellEnds();
        evaluator.interrupt();
        evaluator.cellBegins();
        assertEquals(2, evaluator.run("1 + 1", 4));
        evaluator.cellEnds();
    }
}
