// Validates many data files against one shapes graph in one JVM, so the test suite pays
// for Java's start-up once, not once per case (tests/jena_shacl.py compiles and runs it).
//
//   java -cp JENA ValidateMany SHAPES OUTDIR DATA...   (report i goes to OUTDIR/i.ttl)
//
// It does what Jena's `shacl validate` command does for each file: parse the shapes, then
// ShaclValidator.validate(shapes, data), then write the report graph.

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jena.graph.Graph;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;

public class ValidateMany {
    public static void main(String[] args) throws Exception {
        Shapes shapes = Shapes.parse(RDFDataMgr.loadGraph(args[0]));
        for (int i = 2; i < args.length; i++) {
            Graph data = RDFDataMgr.loadGraph(args[i]);
            ValidationReport report = ShaclValidator.get().validate(shapes, data);
            try (OutputStream out = Files.newOutputStream(Path.of(args[1], (i - 2) + ".ttl"))) {
                RDFDataMgr.write(out, report.getGraph(), RDFFormat.TURTLE);
            }
        }
    }
}
