package backprop.course;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * The lessons' data sets, as Tablesaw tables, exactly as the lessons give them.
 * Introduced in notebook 01 (Welch Labs and CampusX) and notebook 03 (StatQuest).
 */
public final class DataSets {

    private DataSets() {}

    /**
     * Welch Labs: hours of sleep and hours of study of three students, and their test scores.
     * Columns {@code sleep}, {@code study}, {@code score}.
     */
    public static Table sleepStudyScore() {
        return Table.create("Sleep, study and test score (Welch Labs)").addColumns(
                DoubleColumn.create("sleep", 3, 5, 10),
                DoubleColumn.create("study", 5, 1, 2),
                DoubleColumn.create("score", 75, 82, 93));
    }

    /**
     * CampusX: four students' CGPA and profile score (the lesson's "IQ"), and the package they got,
     * in lakh rupees a year. Columns {@code cgpa}, {@code profile_score}, {@code lpa}.
     */
    public static Table studentPackages() {
        return Table.create("CGPA, profile score and package in LPA (CampusX)").addColumns(
                DoubleColumn.create("cgpa", 8, 7, 6, 5),
                DoubleColumn.create("profile_score", 8, 9, 10, 12),
                DoubleColumn.create("lpa", 4, 5, 6, 7));
    }

    /**
     * StatQuest: three drug dosages and how well each worked (0 = not at all, 1 = fully).
     * Columns {@code dosage}, {@code efficacy}.
     */
    public static Table dosageEfficacy() {
        return Table.create("Dosage and efficacy (StatQuest)").addColumns(
                DoubleColumn.create("dosage", 0, 0.5, 1),
                DoubleColumn.create("efficacy", 0, 1, 0));
    }

    /**
     * Welch Labs Part 7's training data: Part 4's three students and a fourth, [6 h sleep, 1.5 h study] → 70.
     * Columns {@code sleep}, {@code study}, {@code score}. Notebook 07.
     */
    public static Table sleepStudyTraining() {
        return Table.create("Training data: sleep, study and test score (Welch Labs, Part 7)").addColumns(
                DoubleColumn.create("sleep", 3, 5, 10, 6),
                DoubleColumn.create("study", 5, 1, 2, 1.5),
                DoubleColumn.create("score", 75, 82, 93, 70));
    }

    /**
     * Welch Labs Part 7's test data: four more students, kept out of training to see how the network does
     * on students it has not seen. Columns {@code sleep}, {@code study}, {@code score}. Notebook 07.
     */
    public static Table sleepStudyTest() {
        return Table.create("Test data: sleep, study and test score (Welch Labs, Part 7)").addColumns(
                DoubleColumn.create("sleep", 4, 4.5, 9, 6),
                DoubleColumn.create("study", 5.5, 1, 2.5, 2),
                DoubleColumn.create("score", 70, 89, 85, 75));
    }
}
