package backprop.course;

import java.util.Locale;

/**
 * A progress bar for a long loop, as HTML. A notebook shows it with
 * {@code String id = display(Progress.html(0, n, ""), "text/html");} and moves it with
 * {@code updateDisplay(id, Progress.html(i, n, "J = ..."), "text/html");}. Introduced in notebook 04.
 */
public final class Progress {

    private Progress() {}

    public static String html(int done, int total, String note) {
        int percent = total <= 0 ? 100 : (int) Math.round(100.0 * done / total);
        return String.format(Locale.ROOT,
                "<div><progress value=\"%d\" max=\"%d\" style=\"width: 24em\"></progress> %d / %d (%d%%) %s</div>",
                done, total, done, total, percent, Tables.escape(note));
    }
}
