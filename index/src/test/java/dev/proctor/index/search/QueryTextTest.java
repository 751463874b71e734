package dev.proctor.index.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTextTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "aws key                               | aws key",
        "tags?                                 | tags\\?",
        "std::string                           | std\\:\\:string",
        "https://host/a                        | https\\:\\/\\/host\\/a",
        "config[default]                       | config\\[default\\]",
        "getUser(id)                           | getUser\\(id\\)",
        "(getUser(id) OR x)                    | ( getUser\\(id\\) OR x )",
        "(foo())                               | ( foo\\(\\) )",
        "-carol +alice                         | -carol +alice",
        "a - b                                 | a \\- b",
        "user:alice model:acme/coder-1         | user:alice model:acme\\/coder\\-1",
        "-user:(alice OR bob)                  | -user:( alice OR bob )",
        "token -(test OR mock)                 | token -( test OR mock )",
        "role:\"tool_call\" NOT test           | role:\"tool_call\" NOT test",
        "time:[2026-11-01 TO 2026-11-24T10:00:00Z] x | time:[2026-11-01 TO 2026-11-24T10:00:00Z] x",
        "\"C:\\dir\"                           | \"C:\\\\dir\"",
        "TODO: fix                             | TODO\\: fix",
        "MASKED:github-pat localhost:8080 10:15 | MASKED\\:github\\-pat localhost\\:8080 10\\:15",
        "word* *word                           | word* *word",
        "ANDROID ORACLE NOTE                   | ANDROID ORACLE NOTE",
      })
  void onlyTheDocumentedSyntaxIsSyntaxAndEveryOtherCharacterIsText(String typed, String lucene) {
    assertThat(QueryText.toLucene(typed)).isEqualTo(lucene);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "(token OR \"rotate it               | the phrase '\"rotate it' has no closing quote",
        "(token OR key                       | the group '(token OR key' has no closing )",
        "token)                              | the ) after 'token' closes no group; to search for it"
            + " as text, put the text in quotes",
        "token AND                           | AND needs a word or a group on each side, as in"
            + " \"token AND key\"",
        "OR token                            | OR needs a word or a group on each side, as in"
            + " \"token OR key\"",
        "token NOT                           | NOT needs a word or a group after it, as in \"token"
            + " NOT test\"",
        "a () b                              | a group () is empty",
        "time:[2026-11-01 TO                 | the range 'time:[2026-11-01 TO' has no closing ]",
        "time:                               | time: needs a range after the colon, as in"
            + " time:[2026-11-01 TO 2026-11-24]",
        "time:2026-11-01                     | time: needs a range after the colon, as in"
            + " time:[2026-11-01 TO 2026-11-24]",
      })
  void anUnfinishedConstructIsNamed(String typed, String message) {
    assertThatThrownBy(() -> QueryText.toLucene(typed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void aNameThatIsNotAFieldIsAnErrorThatSaysHowToSearchForTheText() {
    assertThatThrownBy(() -> QueryText.toLucene("usr:alice token"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "usr is not a field; to search for the text usr:alice, put it in quotes:"
                + " \"usr:alice\" (the fields are user, group, connection,")
        .hasMessageEndingWith("role, sid, xid, time)");
  }
}
