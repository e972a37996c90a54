// EPUBCheck kept warm for one build (folio/epubchecker.py starts it; see the module's docstring).
//
// java -cp epubcheck.jar WarmEpubCheck.java WARMUP_DIR
//
// Checks WARMUP_DIR (an expanded EPUB) once, so that Java has loaded EPUBCheck's classes and
// compiled its schemas, then reads requests from stdin, one per line: "EPUB<TAB>REPORT.json".
// Each is checked as `epubcheck EPUB --json REPORT.json` would check it; the answer on stdout is
// one line, "done <EPUBCheck's exit code>" or "failed <reason>". EPUBCheck's own console output
// is discarded: the JSON report holds every message. The process ends when stdin closes.

import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class WarmEpubCheck {
    public static void main(String[] args) throws Exception {
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        new EpubChecker().run(new String[] {args[0], "--mode", "exp", "--quiet"});
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String request;
        while ((request = requests.readLine()) != null) {
            String[] paths = request.split("\t");
            if (paths.length != 2) {
                answers.println("failed not EPUB<TAB>REPORT: " + request);
                continue;
            }
            try {
                int code = new EpubChecker().run(new String[] {paths[0], "--json", paths[1]});
                answers.println("done " + code);
            } catch (Exception | Error e) {
                answers.println(("failed " + e).replace('\n', ' '));
            }
        }
    }
}
