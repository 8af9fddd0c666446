package backprop.kernel;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

/**
 * The body of a {@code %%loadFromPOM} cell made a whole POM, as IJava makes it: a {@code <project>}
 * is taken as it is; otherwise every {@code <dependency>} and {@code <repository>} (loose or inside
 * {@code <dependencies>}/{@code <repositories>}) is gathered into a project, and modelVersion,
 * groupId, artifactId and version get defaults when missing.
 */
final class PartialPom {

    private PartialPom() {}

    static String complete(String body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Document pieces = builder.parse(new InputSource(new StringReader("<pieces>" + body.strip() + "</pieces>")));
            Element root = pieces.getDocumentElement();
            NodeList children = root.getChildNodes();
            Element only = onlyElement(root);
            if (only != null && only.getTagName().equals("project")) return write(only);

            Document pom = builder.newDocument();
            Element project = (Element) pom.appendChild(pom.createElement("project"));
            Element dependencies = pom.createElement("dependencies");
            Element repositories = pom.createElement("repositories");
            for (String[] field : new String[][] {{"modelVersion", "4.0.0"}, {"groupId", "notebook"}, {"artifactId", "cell"}, {"version", "1"}}) {
                Node given = child(root, field[0]);
                Element element = pom.createElement(field[0]);
                element.setTextContent(given == null ? field[1] : given.getTextContent().strip());
                project.appendChild(element);
            }
            for (int i = 0; i < children.getLength(); i++) {
                Node node = children.item(i);
                switch (node.getNodeName()) {
                    case "dependency" -> dependencies.appendChild(pom.importNode(node, true));
                    case "repository" -> repositories.appendChild(pom.importNode(node, true));
                    case "dependencies", "repositories" -> {
                        Element into = node.getNodeName().equals("dependencies") ? dependencies : repositories;
                        NodeList inner = node.getChildNodes();
                        for (int j = 0; j < inner.getLength(); j++) into.appendChild(pom.importNode(inner.item(j), true));
                    }
                    case "modelVersion", "groupId", "artifactId", "version", "#text", "#comment" -> { }
                    default -> project.appendChild(pom.importNode(node, true));   // properties, dependencyManagement ...
                }
            }
            project.appendChild(dependencies);
            project.appendChild(repositories);
            return write(project);
        } catch (SAXException e) {
            throw new CellError("MavenError", "%%loadFromPOM: the cell is not well-formed XML: " + e.getMessage()
                    + " Paste <dependency> and <repository> elements, or a whole <project>.");
        } catch (ParserConfigurationException | IOException | TransformerException e) {
            throw new CellError("MavenError", "%%loadFromPOM: " + e.getMessage());
        }
    }

    private static Element onlyElement(Element root) {
        Element only = null;
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                if (only != null) return null;
                only = e;
            }
        }
        return only;
    }

    private static Node child(Element root, String name) {
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeName().equals(name)) return children.item(i);
        }
        return null;
    }

    private static String write(Node node) throws TransformerException {
        StringWriter out = new StringWriter();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.transform(new DOMSource(node), new StreamResult(out));
        return out.toString();
    }
}
