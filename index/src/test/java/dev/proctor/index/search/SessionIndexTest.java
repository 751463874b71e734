package dev.proctor.index.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.proctor.format.ApiKind;
import dev.proctor.format.Finding;
import dev.proctor.format.Json;
import dev.proctor.format.Transcript;
import dev.proctor.format.Verification;
import dev.proctor.secrets.Fingerprinter;
import dev.proctor.secrets.RuleSet;
import dev.proctor.secrets.SecretScanner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionIndexTest {
  static final Fingerprinter ORG_KEY =
      new Fingerprinter("an organisation key of 32 bytes!".getBytes(StandardCharsets.UTF_8));
  static final String AWS_KEY = "AKIAQ3ZTK7LBXW2M5RPD";
  static final Instant DAY1 = Instant.parse("2026-11-02T09:00:00Z");
  static final Instant DAY2 = Instant.parse("2026-11-10T09:00:00Z");

  @TempDir Path dir;
  SessionIndex index;

  @BeforeEach
  void open() throws Exception {
    index = SessionIndex.open(dir, new SecretScanner(RuleSet.builtIn(), ORG_KEY), true);
  }

  @AfterEach
  void close() throws Exception {
    index.close();
  }

  private String add(Transcript t) throws Exception {
    index.index(t.sid(), Optional.of(t), Verification.verified(), List.of(), "d");
    index.commit();
    return t.sid();
  }

  private long count(String query) throws Exception {
    return index.search(SearchQuery.of(query)).total();
  }

  @Test
  void identifiersAreFoundWholeAndByTheirParts() throws Exception {
    add(
        new TranscriptBuilder("alice", List.of("developers"), DAY1)
            .chat("gpt-4o", "please fix getUserName in user_account_service.py", "done", List.of())
            .build());

    assertThat(count("getUserName")).isEqualTo(1);
    assertThat(count("getusername")).isEqualTo(1);
    assertThat(count("user")).isEqualTo(1);
    assertThat(count("\"user name\"")).isEqualTo(1);
    assertThat(count("user_account_service")).isEqualTo(1);
    assertThat(count("account")).isEqualTo(1);
    assertThat(count("fix AND service")).isEqualTo(1);
    assertThat(count("setUserName")).isZero();
    assertThat(count("fix rocket")).as("every word must match").isZero();
    assertThat(count("fix OR rocket")).isEqualTo(1);
  }

  @Test
  void hitsAreHighlightedInTheirMessage() throws Exception {
    add(
        new TranscriptBuilder("alice", List.of("developers"), DAY1)
            .chat("gpt-4o", "where does the pelican nest?", "on the getPelicanNest call", List.of())
            .build());

    SearchResult result = index.search(SearchQuery.of("pelican"));
    assertThat(result.hits())
        .extracting(SearchHit::role, SearchHit::snippet)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("user", "where does the <b>pelican</b> nest?"),
            org.assertj.core.groups.Tuple.tuple("assistant", "on the <b>getPelicanNest</b> call"));
  }

  @Test
  void aSnippetsMarksAreItsOnlyTagsWhateverTheMessageHolds() throws Exception {
    add(
        new TranscriptBuilder("alice", List.of(), DAY1)
            .chat("m", "wrap it in <b>bold</b> & ship the html", "", List.of())
            .build());

    assertThat(index.search(SearchQuery.of("html")).hits())
        .extracting(SearchHit::snippet)
        .containsExactly("wrap it in &lt;b&gt;bold&lt;/b&gt; &amp; ship the <b>html</b>");
    assertThat(index.search(SearchQuery.of("user:alice")).hits())
        .as("a hit by a facet alone, with no word to highlight")
        .extracting(SearchHit::snippet)
        .containsExactly("wrap it in &lt;b&gt;bold&lt;/b&gt; &amp; ship the html");
  }

  @Test
  void hitsAreHighlightedWhenFacetsFilterThemToo() throws Exception {
    add(
        new TranscriptBuilder("carol", List.of("contractors"), DAY1)
            .chat("sim-2", "extract the retry loop", "ok", List.of())
            .build());

    assertThat(index.search(SearchQuery.of("retry").withFilter(Facet.USER, "carol")).hits())
        .singleElement()
        .satisfies(h -> assertThat(h.snippet()).isEqualTo("extract the <b>retry</b> loop"));
    assertThat(index.search(SearchQuery.of("retry user:carol")).hits())
        .singleElement()
        .satisfies(h -> assertThat(h.snippet()).isEqualTo("extract the <b>retry</b> loop"));
  }

  @Test
  void facetsCountTheMatchingMessagesAndFiltersNarrowThem() throws Exception {
    add(
        new TranscriptBuilder("alice", List.of("developers"), DAY1)
            .chat("gpt-4o", "deploy the payments service", "ok", List.of())
            .chat("gpt-4o", "deploy again", "ok", List.of())
            .build());
    add(
        new TranscriptBuilder("bob", List.of("security", "approvers"), DAY2)
            .chat("claude-sonnet", "deploy the audit job", "ok", List.of())
            .build());

    SearchResult all = index.search(SearchQuery.of("deploy"));
    assertThat(all.total()).isEqualTo(3);
    assertThat(all.facets().get(Facet.USER))
        .containsExactly(
            new SearchResult.FacetCount("alice", 2), new SearchResult.FacetCount("bob", 1));
    assertThat(all.facets().get(Facet.GROUP))
        .extracting(SearchResult.FacetCount::value)
        .containsExactlyInAnyOrder("developers", "security", "approvers");
    assertThat(all.facets().get(Facet.API))
        .containsExactly(new SearchResult.FacetCount("openai.chat", 3));
    assertThat(all.facets().get(Facet.ENVIRONMENT))
        .containsExactly(new SearchResult.FacetCount("ci", 3));
    assertThat(all.facets().get(Facet.INTEGRITY))
        .containsExactly(new SearchResult.FacetCount("verified", 3));

    SearchResult claude =
        index.search(SearchQuery.of("deploy").withFilter(Facet.MODEL, "claude-sonnet"));
    assertThat(claude.hits())
        .singleElement()
        .satisfies(h -> assertThat(h.session().user()).isEqualTo("bob"));
    assertThat(count("deploy model:gpt-4o")).as("facets are fields of the syntax too").isEqualTo(2);
    assertThat(
            index
                .search(
                    SearchQuery.of("")
                        .withFilter(Facet.USER, "alice")
                        .withFilter(Facet.USER, "bob")
                        .withFilter(Facet.GROUP, "security"))
                .total())
        .as("values of one facet are alternatives; facets all hold")
        .isEqualTo(2);
  }

  @Test
  void sessionFacetsCountEachSessionOnceAndMatchWhatTickingAValueLists() throws Exception {
    add(
        new TranscriptBuilder("alice", List.of("developers"), DAY1)
            .chat("gpt-4o", "deploy the payments service", "ok", List.of())
            .chat("claude-sonnet", "deploy again", "ok", List.of())
            .build());
    add(
        new TranscriptBuilder("alice", List.of("developers"), DAY1.plusSeconds(60))
            .chat("gpt-4o", "rename the audit job", "ok", List.of())
            .build());
    add(
        new TranscriptBuilder("bob", List.of("security"), DAY2)
            .chat("claude-sonnet", "deploy the audit job", "ok", List.of())
            .build());

    var everything = index.sessionFacets(SearchQuery.of(""));
    assertThat(everything.get(Facet.USER))
        .containsExactly(
            new SearchResult.FacetCount("alice", 2), new SearchResult.FacetCount("bob", 1));
    assertThat(everything.get(Facet.MODEL))
        .containsExactlyInAnyOrder(
            new SearchResult.FacetCount("gpt-4o", 2),
            new SearchResult.FacetCount("claude-sonnet", 2));
    assertThat(everything.get(Facet.INTEGRITY))
        .containsExactly(new SearchResult.FacetCount("verified", 3));

    var deploy = index.sessionFacets(SearchQuery.of("deploy"));
    assertThat(deploy.get(Facet.USER))
        .as("alice's second session has no message about deploying")
        .containsExactly(
            new SearchResult.FacetCount("alice", 1), new SearchResult.FacetCount("bob", 1));
    assertThat(deploy.get(Facet.INTEGRITY))
        .containsExactly(new SearchResult.FacetCount("verified", 2));
    assertThat(index.search(SearchQuery.of("deploy")).facets().get(Facet.INTEGRITY))
        .as("search still counts messages")
        .containsExactly(new SearchResult.FacetCount("verified", 3));
    assertThat(deploy.get(Facet.MODEL))
        .containsExactly(
            new SearchResult.FacetCount("claude-sonnet", 2),
            new SearchResult.FacetCount("gpt-4o", 1));
    for (SearchResult.FacetCount model : deploy.get(Facet.MODEL)) {
      assertThat(index.sessions(SearchQuery.of("deploy").withFilter(Facet.MODEL, model.value())))
          .as("a count is what ticking its value lists")
          .hasSize((int) model.count());
    }
    var payments = index.sessionFacets(SearchQuery.of("payments"));
    assertThat(payments.get(Facet.MODEL))
        .as("a value counts only sessions whose matching messages carry it")
        .containsExactly(new SearchResult.FacetCount("gpt-4o", 1));

    assertThat(
            index.sessionFacets(SearchQuery.of("").withFilter(Facet.USER, "alice")).get(Facet.USER))
        .containsExactly(new SearchResult.FacetCount("alice", 2));
    assertThat(index.sessionFacets(SearchQuery.of("rocket")).get(Facet.USER)).isEmpty();
  }

  @Test
  void sessionFacetsCountSessionsSharingAnIndexSegmentAndReindexedOnes() throws Exception {
    List<Transcript> sessions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sessions.add(
          new TranscriptBuilder(
                  i == 2 ? "bob" : "alice", List.of("developers"), DAY1.plusSeconds(i))
              .chat("gpt-4o", "deploy step " + i, "ok", List.of())
              .chat("gpt-4o", "deploy again " + i, "ok", List.of())
              .build());
    }
    for (Transcript t : sessions) {
      index.index(t.sid(), Optional.of(t), Verification.verified(), List.of(), "d");
    }
    index.commit(); // one segment holds all three
    Transcript first = sessions.getFirst();
    index.index(first.sid(), Optional.of(first), Verification.verified(), List.of(), "d2");
    index.commit(); // the first again: its old documents are deleted, its new ones elsewhere

    var deploy = index.sessionFacets(SearchQuery.of("deploy"));
    assertThat(deploy.get(Facet.USER))
        .containsExactly(
            new SearchResult.FacetCount("alice", 2), new SearchResult.FacetCount("bob", 1));
    assertThat(deploy.get(Facet.MODEL)).containsExactly(new SearchResult.FacetCount("gpt-4o", 3));
  }

  @Test
  void timeRangesFilterByWhenTheExchangeHappened() throws Exception {
    add(
        new TranscriptBuilder("alice", List.of(), DAY1)
            .chat("m", "early bird", "ok", List.of())
            .build());
    add(
        new TranscriptBuilder("alice", List.of(), DAY2)
            .chat("m", "late bird", "ok", List.of())
            .build());

    assertThat(
            index
                .search(
                    SearchQuery.of("bird")
                        .between(
                            Optional.of(Instant.parse("2026-11-05T00:00:00Z")), Optional.empty()))
                .hits())
        .singleElement()
        .satisfies(h -> assertThat(h.snippet()).contains("late"));
    assertThat(count("bird AND time:[2026-11-01 TO 2026-11-02]")).isEqualTo(1);
    assertThat(count("bird AND time:[2026-11-03 TO 2026-11-09]")).isZero();
    assertThat(count("bird AND time:[2026-11-10T09:01:00Z TO *]")).isEqualTo(1);
    assertThatThrownBy(() -> count("time:[yesterday TO today]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a date such as 2026-11-24");
  }

  @Test
  void sessionsAreListedNewestFirstAndBySearch() throws Exception {
    String early =
        add(
            new TranscriptBuilder("alice", List.of(), DAY1)
                .chat("m", "alpha", "ok", List.of())
                .build());
    String late =
        add(
            new TranscriptBuilder("bob", List.of(), DAY2)
                .chat("m", "beta", "ok", List.of())
                .build());

    assertThat(index.sessions(SearchQuery.of("")))
        .extracting(SessionSummary::sid)
        .containsExactly(late, early);
    assertThat(index.sessions(SearchQuery.of("alpha")))
        .extracting(SessionSummary::sid)
        .containsExactly(early);
    assertThat(index.sessions(SearchQuery.of("").withFilter(Facet.USER, "bob")))
        .singleElement()
        .satisfies(s -> assertThat(s.title()).isEqualTo("beta"));
  }

  @Test
  void secretsRecordedUnmaskedAreFlaggedAtIndexTimeAndRecordedFindingsKept() throws Exception {
    Finding recorded =
        new Finding(
            "github-pat",
            Finding.Direction.REQUEST,
            "$.messages[0].content",
            6,
            40,
            Finding.Action.MASKED,
            "0123456789abcdef0123456789abcdef");
    add(
        new TranscriptBuilder("carol", List.of("contractors"), DAY1)
            .chat(
                "m",
                "token [MASKED:github-pat:01234567] and key " + AWS_KEY,
                "noted",
                List.of(recorded))
            .build());

    SearchResult result = index.search(SearchQuery.of("token"));
    assertThat(result.hits())
        .singleElement()
        .satisfies(
            h -> assertThat(h.findingRules()).containsExactly("aws-access-key-id", "github-pat"));
    assertThat(result.facets().get(Facet.FINDING_RULE))
        .extracting(SearchResult.FacetCount::value)
        .containsExactlyInAnyOrder("aws-access-key-id", "github-pat");
    assertThat(count("finding_rule:aws-access-key-id")).isEqualTo(1);

    // "was this key exposed?" finds it by the organisation key's fingerprint, recorded or not
    Set<String> candidate = new SecretScanner(RuleSet.builtIn(), ORG_KEY).fingerprintsOf(AWS_KEY);
    assertThat(index.exposures(candidate, 10))
        .singleElement()
        .satisfies(h -> assertThat(h.role()).isEqualTo("user"));
    assertThat(index.exposures(Set.of("0123456789abcdef0123456789abcdef"), 10)).hasSize(1);
  }

  @Test
  void findingsAreListedWithHowTheyWereHandledAndTheirTriageStatus() throws Exception {
    Finding masked =
        new Finding(
            "github-pat",
            Finding.Direction.REQUEST,
            "$.messages[0].content",
            6,
            40,
            Finding.Action.MASKED,
            "0123456789abcdef0123456789abcdef");
    Transcript t =
        new TranscriptBuilder("carol", List.of("contractors"), DAY1)
            .chat(
                "m", "token [MASKED:github-pat:01234567] and key " + AWS_KEY, "ok", List.of(masked))
            .build();
    add(t);

    assertThat(index.findings(10))
        .extracting(f -> f.rule() + " " + f.direction() + " " + f.handling() + " " + f.source())
        .containsExactlyInAnyOrder(
            "github-pat request masked gateway", "aws-access-key-id request leaked index");
    assertThat(index.findings(10))
        .allSatisfy(
            f -> {
              assertThat(f.user()).isEqualTo("carol");
              assertThat(f.xid()).isEqualTo(t.exchanges().getFirst().xid());
              assertThat(f.status()).isEmpty();
              assertThat(f.fingerprint()).doesNotContain(AWS_KEY);
            });

    var triage =
        dev.proctor.format.Annotation.create(
            t.sid(),
            Optional.of(t.exchanges().getFirst().xid()),
            Optional.empty(),
            FindingRecord.TRIAGE_KIND,
            dev.proctor.format.Annotation.Status.CONFIRMED_LEAK,
            "rotated by the owner",
            "bob",
            DAY2);
    index.index(t.sid(), Optional.of(t), Verification.verified(), List.of(triage), "d2");
    index.commit();
    assertThat(index.findings(10))
        .hasSize(2)
        .allSatisfy(
            f -> {
              assertThat(f.status()).contains(dev.proctor.format.Annotation.Status.CONFIRMED_LEAK);
              assertThat(f.annotationId()).contains(triage.id());
            });
  }

  @Test
  void toolCallsAndResultsAreMessagesOfTheirOwn() throws Exception {
    var request =
        Json.mapper()
            .readTree(
                """
        {"model": "claude", "messages": [
          {"role": "user", "content": "list the files"},
          {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "ls", "input": {}}]},
          {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1",
                                        "content": "build.gradle settings.gradle"}]}]}
        """);
    var response =
        Json.mapper()
            .readTree(
                """
        {"content": [{"type": "text", "text": "Reading the build file."},
                     {"type": "tool_use", "id": "t2", "name": "read_file",
                      "input": {"path": "build.gradle"}}]}
        """);
    add(
        new TranscriptBuilder("alice", List.of(), DAY1)
            .exchange(ApiKind.ANTHROPIC_MESSAGES, "claude", request, response, List.of())
            .build());

    assertThat(index.search(SearchQuery.of("gradle")).hits())
        .extracting(SearchHit::role)
        .containsExactlyInAnyOrder("tool_result", "tool_call");
    assertThat(count("role:tool_call AND path")).isEqualTo(1);
    assertThat(index.search(SearchQuery.of("read_file")).hits())
        .singleElement()
        .satisfies(
            hit -> {
              assertThat(hit.role()).isEqualTo("tool_call");
              assertThat(hit.snippet()).startsWith("<b>read_file</b> {");
            });
    assertThat(count("role:tool_call AND file")).isEqualTo(1);
    assertThat(count("role:assistant AND reading")).isEqualTo(1);
  }

  @Test
  void codePathsUrlsAndQuestionsAreSearchedAsTheyAreWritten() throws Exception {
    add(
        new TranscriptBuilder("alice", List.of(), DAY1)
            .chat(
                "acme/coder-1",
                "how do I let the release job push tags?",
                "use std::string and getUser(id) in src/main/App.java, see"
                    + " https://wiki.acme.example/ci (config[default])",
                List.of())
            .build());

    assertThat(count("how do I let the release job push tags?")).isEqualTo(1);
    assertThat(count("std::string")).isEqualTo(1);
    assertThat(count("getUser(id)")).isEqualTo(1);
    assertThat(count("src/main/App.java")).isEqualTo(1);
    assertThat(count("https://wiki.acme.example/ci")).isEqualTo(1);
    assertThat(count("config[default]")).isEqualTo(1);
    assertThat(count("(getUser(id) OR tags?)")).isEqualTo(2);
    assertThat(count("model:acme/coder-1")).isEqualTo(2);
    assertThat(count("*string")).isEqualTo(1);
  }

  @Test
  void anExclusionAloneExcludesFromEveryMessage() throws Exception {
    add(new TranscriptBuilder("alice", List.of(), DAY1).chat("m", "one", "two", List.of()).build());
    add(new TranscriptBuilder("carol", List.of(), DAY2).chat("m", "three", "", List.of()).build());

    assertThat(count("-user:carol")).isEqualTo(2);
    assertThat(count("NOT one")).isEqualTo(2);
    assertThat(count("two OR (NOT user:alice)")).isEqualTo(2);
    assertThat(count("-(one OR two)")).isEqualTo(1);
  }

  @Test
  void aWildcardTooComplexToSearchIsAClearError() {
    assertThatThrownBy(() -> count("*a".repeat(2_000) + "*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a word with this many * is too complex to search for; use fewer");
  }

  @Test
  void malformedQueriesAreAClearError() {
    assertThatThrownBy(() -> count("(unbalanced"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the group '(unbalanced' has no closing )");
    assertThatThrownBy(() -> count("user:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("user: needs a value after the colon, as in user:value");
    assertThatThrownBy(() -> count("role:tool read_file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("role: tool (expected one of user, tool_result, assistant, tool_call)");
  }

  @Test
  void anIndexBuiltWithOtherRulesIsRebuilt() throws Exception {
    add(new TranscriptBuilder("alice", List.of(), DAY1).chat("m", "kept", "ok", List.of()).build());
    assertThat(index.needsRebuild()).isFalse();
    index.close();

    index = SessionIndex.open(dir, new SecretScanner(RuleSet.builtIn(), ORG_KEY), true);
    assertThat(index.needsRebuild()).as("same rules").isFalse();
    assertThat(count("kept")).isEqualTo(1);
    index.close();

    RuleSet fewer = RuleSet.builtIn().without(Set.of("aws-access-key-id"));
    index = SessionIndex.open(dir, new SecretScanner(fewer, ORG_KEY), true);
    assertThat(index.needsRebuild()).isTrue();
    assertThat(count("kept")).as("emptied, to be filled again from the local copy").isZero();
  }
}
