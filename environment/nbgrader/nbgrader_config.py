"""nbgrader's configuration for the course's Java lessons. An nbgrader course folder needs this file
(copied beside its source/ folder) and the lessons it assigns, each copied from the course's
notebooks/ into source/<assignment>/; nothing else. Where its defaults assume Python:

- a solution region between `// BEGIN SOLUTION` and `// END SOLUTION` becomes a Java stub that fails
  with a sentence, as in the course's own student copies (nbgrader's default Java stub, a comment,
  would not compile in a method that returns a value);
- the released lesson keeps its explanations' charts and tables, as the course's student copies do:
  only the outputs of solution and check cells are cleared (nbgrader clears every output by default);
- each cell may run for 120 s (nbgrader's default, 30 s, is short for a lesson's training cells on a
  busy machine).

nbgrader runs the lessons with the course's kernel (the notebooks' kernelspec, "java", which the
course's environment/setup installs): from nbgrader's folders the kernel finds the course library
through the lessons' `%classpath ../target/backprop-course.jar` all the same (a relative path that
names nothing where the notebook lies is tried from the course's notebooks/). With more than one
clone of the course, a file `.course-root` in the course folder naming the clone picks its kernel.
"""
from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import ClearOutput

c = get_config()  # noqa: F821 (nbgrader's configuration loader provides it)


class ClearAnswerOutputs(ClearOutput):
    """Clears the outputs of solution and check cells only: a solution's output or a check's
    verdict would give the answer away; a chart or a table explains the lesson."""

    def preprocess_cell(self, cell, resources, index):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.cell_type == "code" and (meta.get("solution") or meta.get("grade")):
            return super().preprocess_cell(cell, resources, index)
        return cell, resources


c.GenerateAssignment.preprocessors = [
    ClearAnswerOutputs if p is ClearOutput else p for p in GenerateAssignment.class_traits()["preprocessors"].default()]
c.ClearSolutions.code_stub = {"java": 'throw new UnsupportedOperationException("your code goes here");'}
c.Execute.timeout = 120
