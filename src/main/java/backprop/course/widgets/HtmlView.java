package backprop.course.widgets;

/** An area of HTML that a program changes: a table, a paragraph, an error. */
public final class HtmlView extends Widget {

    private final Model html;

    public static HtmlView of(String html) {
        return new HtmlView(html);
    }

    private HtmlView(String html) {
        this.html = Model.text("HTML", html);
    }

    public String html() {
        return (String) html.get("value");
    }

    public void html(String newHtml) {
        html.set("value", newHtml);
    }

    /** Shows plain text as it is: its lines, spaces and {@code <} signs. */
    public void text(String text) {
        html(pre(text, ""));
    }

    static String pre(String text, String style) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<pre style=\"margin:0;white-space:pre-wrap;" + style + "\">" + escaped + "</pre>";
    }

    @Override
    Model model() {
        return html;
    }

    @Override
    public String toString() {
        return html();
    }
}
