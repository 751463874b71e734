package dev.proctor.index.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.index.conversation.Conversation;
import dev.proctor.index.conversation.Message;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A readable incident report of one session: who, which connection, its integrity, the secrets
 * found (rule, direction, masked or only detected, fingerprint prefix, where), and the conversation
 * as recorded, tool calls and their results included (masked text, never a raw secret the gateway
 * masked).
 */
public final class IncidentReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private static final String NOTHING_READABLE = "(no message text was recorded)";

  /** The report's formats. */
  public enum Format {
    MD,
    JSON,
    HTML;

    public static Format of(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--format: " + name + " (expected html, json or md)");
      }
    }
  }

  /** One finding with the exchange it was in. */
  private record Row(Transcript.Exchange exchange, Finding finding) {}

  private IncidentReport() {}

  public static String render(Transcript t, Verification integrity, Format format) {
    List<Row> rows = new ArrayList<>();
    for (Transcript.Exchange x : t.exchanges()) {
      x.request().findings().forEach(f -> rows.add(new Row(x, f)));
      x.end().ifPresent(e -> e.findings().forEach(f -> rows.add(new Row(x, f))));
    }
    return switch (format) {
      case MD -> markdown(t, integrity, rows);
      case JSON -> json(t, integrity, rows);
      case HTML -> html(t, integrity, rows);
    };
  }

  private static String markdown(Transcript t, Verification integrity, List<Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append("# Incident report: session ").append(t.sid()).append("\n\n");
    md.append("| | |\n|---|---|\n");
    header(t, integrity)
        .forEach(kv -> md.append("| ").append(kv[0]).append(" | ").append(kv[1]).append(" |\n"));
    md.append("\n## Findings (").append(rows.size()).append(")\n\n");
    if (rows.isEmpty()) {
      md.append("None recorded.\n");
    } else {
      md.append(
          "| time | rule | direction | action | fingerprint | where |\n|---|---|---|---|---|---|\n");
      for (Row r : rows) {
        md.append("| ")
            .append(TIME.format(r.exchange().started()))
            .append(" | ")
            .append(r.finding().rule())
            .append(" | ")
            .append(r.finding().direction().wireName())
            .append(" | ")
            .append(r.finding().action().wireName())
            .append(" | ")
            .append(r.finding().fingerprint(), 0, 8)
            .append(" | `")
            .append(r.finding().path())
            .append("` at ")
            .append(r.finding().offset())
            .append(" |\n");
      }
    }
    md.append("\n## Conversation\n");
    Conversation.Reader conversation = new Conversation.Reader();
    for (Transcript.Exchange x : t.exchanges()) {
      md.append("\n### ")
          .append(TIME.format(x.started()))
          .append(' ')
          .append(summary(x))
          .append("\n\n");
      List<Message> messages = conversation.read(x);
      for (Message m : messages) {
        md.append("**").append(who(m)).append("**\n\n").append(quote(m.text())).append("\n\n");
      }
      if (messages.isEmpty()) {
        md.append(NOTHING_READABLE).append("\n\n");
      }
    }
    return md.toString();
  }

  private static String json(Transcript t, Verification integrity, List<Row> rows) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("sid", t.sid());
    ObjectNode head = root.putObject("session");
    header(t, integrity).forEach(kv -> head.put(kv[0], kv[1]));
    ArrayNode findings = root.putArray("findings");
    for (Row r : rows) {
      ObjectNode f = Json.mapper().valueToTree(r.finding());
      f.put("xid", r.exchange().xid());
      f.put("time", r.exchange().started().toString());
      findings.add(f);
    }
    ArrayNode exchanges = root.putArray("exchanges");
    Conversation.Reader conversation = new Conversation.Reader();
    for (Transcript.Exchange x : t.exchanges()) {
      ObjectNode exchange =
          exchanges
              .addObject()
              .put("xid", x.xid())
              .put("time", x.started().toString())
              .put("summary", summary(x));
      ArrayNode messages = exchange.putArray("messages");
      for (Message m : conversation.read(x)) {
        ObjectNode message = messages.addObject().put("role", m.role().wireName());
        if (!m.tool().isEmpty()) {
          message.put("tool", m.tool());
        }
        message.put("text", m.text());
      }
    }
    return root.toPrettyString() + "\n";
  }

  private static String html(Transcript t, Verification integrity, List<Row> rows) {
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Incident report ")
        .append(escape(t.sid()))
        .append(
            "</title><style>body{font:15px system-ui,sans-serif;max-width:60rem;margin:2rem auto;")
        .append("padding:0 1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;")
        .append("padding:.3rem .6rem;text-align:left}pre{white-space:pre-wrap;background:#f6f6f6;")
        .append("padding:.6rem}</style></head><body>\n");
    h.append("<h1>Incident report: session ").append(escape(t.sid())).append("</h1>\n<table>\n");
    header(t, integrity)
        .forEach(
            kv ->
                h.append("<tr><th>")
                    .append(escape(kv[0]))
                    .append("</th><td>")
                    .append(escape(kv[1]))
                    .append("</td></tr>\n"));
    h.append("</table>\n<h2>Findings (").append(rows.size()).append(")</h2>\n");
    if (rows.isEmpty()) {
      h.append("<p>None recorded.</p>\n");
    } else {
      h.append("<table><tr><th>time</th><th>rule</th><th>direction</th><th>action</th>")
          .append("<th>fingerprint</th><th>where</th></tr>\n");
      for (Row r : rows) {
        h.append("<tr><td>")
            .append(TIME.format(r.exchange().started()))
            .append("</td><td>")
            .append(escape(r.finding().rule()))
            .append("</td><td>")
            .append(r.finding().direction().wireName())
            .append("</td><td>")
            .append(r.finding().action().wireName())
            .append("</td><td>")
            .append(escape(r.finding().fingerprint().substring(0, 8)))
            .append("</td><td><code>")
            .append(escape(r.finding().path()))
            .append("</code> at ")
            .append(r.finding().offset())
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("<h2>Conversation</h2>\n");
    Conversation.Reader conversation = new Conversation.Reader();
    for (Transcript.Exchange x : t.exchanges()) {
      h.append("<h3>")
          .append(TIME.format(x.started()))
          .append(' ')
          .append(escape(summary(x)))
          .append("</h3>\n");
      List<Message> messages = conversation.read(x);
      for (Message m : messages) {
        h.append("<p><b>")
            .append(escape(who(m)))
            .append("</b></p><pre>")
            .append(escape(m.text()))
            .append("</pre>\n");
      }
      if (messages.isEmpty()) {
        h.append("<p>").append(NOTHING_READABLE).append("</p>\n");
      }
    }
    return h.append("</body></html>\n").toString();
  }

  private static List<String[]> header(Transcript t, Verification integrity) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"started", TIME.format(t.started()) + " UTC"});
    t.open()
        .ifPresent(
            o -> {
              rows.add(new String[] {"user", o.identity().subject()});
              rows.add(new String[] {"groups", String.join(", ", o.identity().groups())});
              rows.add(new String[] {"issuer", o.identity().issuer()});
              rows.add(new String[] {"connection", o.connection()});
              rows.add(new String[] {"client", o.client().userAgent()});
              rows.add(new String[] {"policy rule", o.rule()});
            });
    rows.add(new String[] {"exchanges", Integer.toString(t.exchanges().size())});
    rows.add(new String[] {"integrity", integrity.toString()});
    return rows;
  }

  /**
   * A message's label. The messages are the index's reading of an exchange: the new turn of the
   * request (the prompt, the tool results it carries) and the answer (its text, each tool call), so
   * a secret in a tool's output shows where the findings table says it is.
   */
  private static String who(Message m) {
    return switch (m.role()) {
      case TOOL_CALL -> "tool call " + m.tool();
      case TOOL_RESULT -> "tool result" + (m.tool().isEmpty() ? "" : " for " + m.tool());
      default -> m.role().wireName();
    };
  }

  private static String summary(Transcript.Exchange x) {
    return x.request().api().wireName()
        + x.request().model().map(m -> " · " + m).orElse("")
        + x.end()
            .map(e -> " · " + e.outcome().wireName() + " · " + Math.round(e.durationMs()) + " ms")
            .orElse(" · no end recorded");
  }

  /**
   * Text as a fenced block, so Markdown shows it verbatim ({@code <tags>} and all): the fence is
   * one backtick longer than the longest run of backticks in the text.
   */
  private static String quote(String text) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(Math.max(3, longest + 1));
    return fence + "text\n" + (text.isEmpty() ? "(empty)" : text) + "\n" + fence;
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
