package backprop.course;

import backprop.kernel.JavaKernel;

/** A course class that uses the kernel, as the dependency rules forbid: DependencyRulesTest's example of a violation. */
public final class WrongImportExample {
    public static Class<?> kernel() {
        return JavaKernel.class;
    }
}
