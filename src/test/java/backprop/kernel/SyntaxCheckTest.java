package backprop.kernel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntaxCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"int a = 1;", "1 + 1", "void f() { }", "class A { }", "import java.util.*;",
            "for (int i = 0; i < 3; i++) { }", "record P(int x) { }", "x = 3"})
    void validSnippetsParse(String snippet) {
        assertTrue(SyntaxCheck.parses(snippet), snippet);
    }

    @ParameterizedTest
    @ValueSource(strings = {"int 9x = 1;", "1 +* 2", "1 2", "int = 5;"})
    void invalidSnippetsDoNot(String snippet) {
        assertFalse(SyntaxCheck.parses(snippet), snippet);
    }
}
