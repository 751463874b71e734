package dev.proctor.secrets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Seeded generators of fake secrets, one per built-in rule, and the contexts a coding agent's
 * traffic puts them in. A generated secret has the real format (checksums included) but random
 * content, so it is nobody's key.
 */
public final class FakeSecrets {
  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  static final String DIGITS = "0123456789";
  static final String ALNUM = UPPER + LOWER + DIGITS;
  static final String HEX = "0123456789abcdef";
  static final String URLSAFE = ALNUM + "_-";
  static final String BASE32 = UPPER + "234567";

  /**
   * A secret planted in text: {@code name} is what it is assigned to, {@code value} what is
   * assigned, {@code secret} the part a rule must find in it.
   */
  public record Plant(String rule, String name, String value, String secret) {}

  private static final Map<String, Function<Random, Plant>> GENERATORS = new LinkedHashMap<>();

  private static void token(String rule, String name, Function<Random, String> secret) {
    GENERATORS.put(
        rule,
        r -> {
          String s = secret.apply(r);
          return new Plant(rule, name, s, s);
        });
  }

  private static void assigned(String rule, String name, Function<Random, String> secret) {
    GENERATORS.put(
        rule,
        r -> {
          String s = secret.apply(r);
          return new Plant(rule, name, s, s);
        });
  }

  static {
    token("openssh-private-key", "SSH_KEY", r -> pem(r, "OPENSSH PRIVATE KEY"));
    token("private-key", "TLS_KEY", r -> pem(r, "RSA PRIVATE KEY"));
    token(
        "putty-private-key",
        "PPK",
        r ->
            "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n"
                + s(r, ALNUM + "+/", 64)
                + "\nPrivate-Lines: 1\n"
                + s(r, ALNUM + "+/", 44)
                + "\nPrivate-MAC: "
                + s(r, HEX, 64));
    token(
        "age-secret-key",
        "AGE_KEY",
        r -> "AGE-SECRET-KEY-1" + s(r, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58));
    token(
        "jwt",
        "ID_TOKEN",
        r -> "eyJhbGciOiJSUzI1NiJ9.eyJ" + s(r, URLSAFE, 60) + "." + s(r, URLSAFE, 43));
    token("aws-access-key-id", "AWS_ACCESS_KEY_ID", r -> "AKIA" + s(r, BASE32, 16));
    assigned("aws-secret-access-key", "aws_secret_access_key", r -> s(r, ALNUM + "/+", 40));
    token("gcp-api-key", "GOOGLE_API_KEY", r -> "AIza" + s(r, URLSAFE, 35));
    GENERATORS.put(
        "azure-storage-account-key",
        r -> {
          String key = s(r, ALNUM + "+/", 86) + "==";
          return new Plant(
              "azure-storage-account-key",
              "AZURE_STORAGE",
              "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=" + key,
              key);
        });
    token(
        "azure-ad-client-secret",
        "AZURE_CLIENT_SECRET",
        r -> s(r, ALNUM, 3) + s(r, DIGITS, 1) + "Q~" + s(r, ALNUM + "_~.-", 34));
    token("digitalocean-token", "DO_TOKEN", r -> "dop_v1_" + s(r, HEX, 64));
    token("alibaba-access-key-id", "ALIBABA_KEY", r -> "LTAI" + s(r, ALNUM, 20));
    token("heroku-api-key", "HEROKU_TOKEN", r -> "HRKU-AA" + s(r, URLSAFE, 58));
    assigned(
        "heroku-api-key-legacy",
        "HEROKU_API_KEY",
        r ->
            s(r, HEX, 8)
                + "-"
                + s(r, HEX, 4)
                + "-"
                + s(r, HEX, 4)
                + "-"
                + s(r, HEX, 4)
                + "-"
                + s(r, HEX, 12));
    token("hashicorp-vault-token", "VAULT_TOKEN", r -> "hvs." + s(r, URLSAFE, 95));
    token(
        "terraform-cloud-token",
        "TFE_TOKEN",
        r -> s(r, ALNUM, 14) + ".atlasv1." + s(r, URLSAFE, 67));
    token("doppler-token", "DOPPLER_TOKEN", r -> "dp.st." + s(r, ALNUM, 43));
    token("github-pat", "GITHUB_TOKEN", r -> github(r, "ghp_"));
    token("github-oauth", "GH_OAUTH", r -> github(r, "gho_"));
    token("github-user-to-server", "GH_USER_TOKEN", r -> github(r, "ghu_"));
    token("github-server-to-server", "GH_APP_TOKEN", r -> github(r, "ghs_"));
    token("github-refresh-token", "GH_REFRESH", r -> github(r, "ghr_"));
    token(
        "github-fine-grained-pat",
        "GH_PAT",
        r -> "github_pat_" + s(r, ALNUM, 22) + "_" + s(r, ALNUM, 59));
    token("gitlab-pat", "GITLAB_TOKEN", r -> "glpat-" + s(r, URLSAFE, 20));
    token("gitlab-token", "GITLAB_DEPLOY", r -> "gldt-" + s(r, URLSAFE, 20));
    token("gitlab-runner-registration-token", "RUNNER_REG", r -> "GR1348941" + s(r, URLSAFE, 20));
    token("bitbucket-app-password", "BB_APP_PASSWORD", r -> "ATBB" + s(r, ALNUM, 32));
    token("atlassian-api-token", "JIRA_TOKEN", r -> "ATATT3" + s(r, URLSAFE, 186));
    token("npm-access-token", "NPM_TOKEN", r -> github(r, "npm_"));
    token("pypi-upload-token", "PYPI_TOKEN", r -> "pypi-AgEIcHlwaS5vcmc" + s(r, URLSAFE, 70));
    token("rubygems-api-key", "GEM_HOST_API_KEY", r -> "rubygems_" + s(r, HEX, 48));
    token("nuget-api-key", "NUGET_KEY", r -> "oy2" + s(r, LOWER + DIGITS, 43));
    token("docker-hub-pat", "DOCKER_TOKEN", r -> "dckr_pat_" + s(r, URLSAFE, 27));
    token("crates-io-token", "CARGO_REGISTRY_TOKEN", r -> "cio" + s(r, ALNUM, 32));
    token("artifactory-token", "ARTIFACTORY_KEY", r -> "AKCp" + s(r, ALNUM, 69));
    token("clojars-token", "CLOJARS_TOKEN", r -> "CLOJARS_" + s(r, LOWER + DIGITS, 60));
    token(
        "anthropic-api-key", "ANTHROPIC_API_KEY", r -> "sk-ant-api03-" + s(r, URLSAFE, 93) + "AA");
    token(
        "anthropic-admin-key",
        "ANTHROPIC_ADMIN_KEY",
        r -> "sk-ant-admin01-" + s(r, URLSAFE, 93) + "AA");
    token(
        "openai-api-key",
        "OPENAI_API_KEY",
        r -> "sk-proj-" + s(r, URLSAFE, 74) + "T3BlbkFJ" + s(r, URLSAFE, 74));
    token("huggingface-token", "HF_TOKEN", r -> "hf_" + s(r, UPPER + LOWER, 34));
    token("groq-api-key", "GROQ_API_KEY", r -> "gsk_" + s(r, ALNUM, 52));
    token("replicate-api-token", "REPLICATE_API_TOKEN", r -> "r8_" + s(r, ALNUM, 37));
    token("perplexity-api-key", "PPLX_KEY", r -> "pplx-" + s(r, ALNUM, 48));
    token("xai-api-key", "XAI_API_KEY", r -> "xai-" + s(r, ALNUM, 80));
    assigned("cohere-api-key", "COHERE_API_KEY", r -> s(r, ALNUM, 40));
    token("stripe-secret-key", "STRIPE_KEY", r -> "sk_live_" + s(r, ALNUM, 99));
    token("square-access-token", "SQUARE_TOKEN", r -> "sq0atp-" + s(r, URLSAFE, 22));
    token(
        "braintree-access-token",
        "BRAINTREE_TOKEN",
        r -> "access_token$production$" + s(r, LOWER + DIGITS, 16) + "$" + s(r, HEX, 32));
    token("shopify-token", "SHOPIFY_TOKEN", r -> "shpat_" + s(r, HEX, 32));
    token(
        "flutterwave-secret-key",
        "FLW_SECRET",
        r -> "FLWSECK-" + s(r, "abcdefgh0123456789", 32) + "-X");
    token(
        "slack-token",
        "SLACK_BOT_TOKEN",
        r -> "xoxb-" + s(r, DIGITS, 12) + "-" + s(r, DIGITS, 13) + "-" + s(r, ALNUM, 24));
    GENERATORS.put(
        "slack-webhook",
        r -> {
          String url =
              "hooks.slack.com/services/T"
                  + s(r, UPPER + DIGITS, 10)
                  + "/B"
                  + s(r, UPPER + DIGITS, 10)
                  + "/"
                  + s(r, ALNUM, 24);
          return new Plant("slack-webhook", "SLACK_WEBHOOK", "https://" + url, url);
        });
    GENERATORS.put(
        "discord-webhook",
        r -> {
          String url = "discord.com/api/webhooks/" + s(r, DIGITS, 18) + "/" + s(r, URLSAFE, 68);
          return new Plant("discord-webhook", "DISCORD_WEBHOOK", "https://" + url, url);
        });
    token(
        "telegram-bot-token",
        "TELEGRAM_BOT_TOKEN",
        r -> s(r, DIGITS, 10) + ":AA" + s(r, URLSAFE, 33));
    token("twilio-api-key", "TWILIO_API_KEY", r -> "SK" + s(r, HEX, 32));
    token(
        "sendgrid-api-key",
        "SENDGRID_API_KEY",
        r -> "SG." + s(r, URLSAFE, 22) + "." + s(r, URLSAFE, 43));
    token("mailgun-api-key", "MAILGUN_API_KEY", r -> "key-" + s(r, HEX, 32));
    token("mailchimp-api-key", "MAILCHIMP_KEY", r -> s(r, HEX, 32) + "-us" + (1 + r.nextInt(20)));
    GENERATORS.put(
        "microsoft-teams-webhook",
        r -> {
          String url =
              "webhook.office.com/webhookb2/"
                  + uuid(r)
                  + "@"
                  + uuid(r)
                  + "/IncomingWebhook/"
                  + s(r, HEX, 32)
                  + "/"
                  + uuid(r);
          return new Plant("microsoft-teams-webhook", "TEAMS_WEBHOOK", "https://acme." + url, url);
        });
    assigned("datadog-api-key", "DD_API_KEY", r -> s(r, HEX, 32));
    token("new-relic-key", "NEW_RELIC_API_KEY", r -> "NRAK-" + s(r, UPPER + DIGITS, 27));
    token("sentry-token", "SENTRY_AUTH_TOKEN", r -> "sntryu_" + s(r, HEX, 64));
    token("grafana-token", "GRAFANA_TOKEN", r -> "glsa_" + s(r, ALNUM, 32) + "_" + s(r, HEX, 8));
    token(
        "dynatrace-api-token",
        "DT_API_TOKEN",
        r -> "dt0c01." + s(r, UPPER + DIGITS, 24) + "." + s(r, UPPER + DIGITS, 64));
    token("linear-api-key", "LINEAR_API_KEY", r -> "lin_api_" + s(r, ALNUM, 40));
    token("postman-api-key", "POSTMAN_API_KEY", r -> "PMAK-" + s(r, HEX, 24) + "-" + s(r, HEX, 34));
    GENERATORS.put(
        "connection-string-password",
        r -> {
          String password = s(r, ALNUM, 6) + "!" + s(r, ALNUM, 10);
          String scheme =
              List.of("postgres", "postgresql", "mysql", "mongodb+srv", "redis", "amqp")
                  .get(r.nextInt(6));
          return new Plant(
              "connection-string-password",
              "DATABASE_URL",
              scheme + "://app:" + password + "@db.internal:5432/app",
              password);
        });
    GENERATORS.put(
        "basic-auth-url",
        r -> {
          String password = s(r, ALNUM, 8) + "%40" + s(r, ALNUM, 8);
          return new Plant(
              "basic-auth-url",
              "REGISTRY_URL",
              "https://deploy:" + password + "@registry.internal/v2/",
              password);
        });
    assigned("generic-secret", "db_password", r -> s(r, ALNUM, 12) + "#" + s(r, ALNUM, 8));
  }

  public static List<String> rules() {
    return List.copyOf(GENERATORS.keySet());
  }

  public static Plant plant(String rule, Random random) {
    Function<Random, Plant> generator = GENERATORS.get(rule);
    if (generator == null) {
      throw new IllegalArgumentException("no generator for " + rule);
    }
    return generator.apply(random);
  }

  static String s(Random r, String alphabet, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  static String github(Random r, String prefix) {
    String entropy = s(r, ALNUM, 30);
    return prefix + entropy + Checksum.crc32Base62(entropy);
  }

  private static String uuid(Random r) {
    return s(r, HEX, 8)
        + "-"
        + s(r, HEX, 4)
        + "-"
        + s(r, HEX, 4)
        + "-"
        + s(r, HEX, 4)
        + "-"
        + s(r, HEX, 12);
  }

  private static String pem(Random r, String label) {
    StringBuilder b = new StringBuilder("-----BEGIN " + label + "-----\n");
    for (int line = 0; line < 6; line++) {
      b.append(s(r, ALNUM + "+/", 64)).append('\n');
    }
    return b.append("-----END ").append(label).append("-----").toString();
  }

  /** The syntaxes a secret appears in, in prompts, answers and tool calls. */
  public enum Context {
    ENV_FILE(
        p -> "# local settings\nAPP_ENV=dev\n" + p.name() + "=" + p.value() + "\nLOG_LEVEL=info\n"),
    JSON(
        p ->
            "{\n  \"service\": \"billing\",\n  \""
                + p.name()
                + "\": \""
                + json(p.value())
                + "\"\n}"),
    YAML(
        p ->
            "service:\n  name: billing\n  "
                + p.name()
                + ": "
                + yaml(p.value())
                + "\n  replicas: 2\n"),
    SHELL_EXPORT(p -> "#!/bin/sh\nexport " + p.name() + "=\"" + p.value() + "\"\n./deploy.sh\n"),
    CURL_HEADER(
        p -> "curl -sS -H \"" + p.name() + ": " + p.value() + "\" https://api.internal/v1/items"),
    PYTHON(
        p ->
            "import os\n\n"
                + p.name()
                + " = \""
                + py(p.value())
                + "\"\nclient = Client("
                + p.name()
                + ")\n"),
    JAVA(
        p ->
            "class Config {\n  static final String "
                + p.name()
                + " = \""
                + json(p.value())
                + "\";\n}\n"),
    GO(
        p ->
            "func main() {\n\t"
                + p.name()
                + " := \""
                + json(p.value())
                + "\"\n\tfmt.Println(len("
                + p.name()
                + "))\n}\n"),
    JAVASCRIPT(
        p ->
            "const "
                + p.name()
                + " = '"
                + js(p.value())
                + "';\nmodule.exports = { "
                + p.name()
                + " };\n"),
    TERRAFORM(
        p ->
            "resource \"vault_generic_secret\" \"app\" {\n  "
                + p.name()
                + " = \""
                + json(p.value())
                + "\"\n}\n"),
    DOCKERFILE(
        p ->
            "FROM eclipse-temurin:25-jre\nENV "
                + p.name()
                + "="
                + json(p.value())
                + "\nCMD [\"java\", \"-jar\", \"app.jar\"]\n"),
    MARKDOWN_FENCE(
        p ->
            "Put this in your `.env`:\n\n```bash\n"
                + p.name()
                + "="
                + p.value()
                + "\n```\n\nThen restart."),
    PROSE(
        p ->
            "I found the credential in the logs. The "
                + p.name()
                + ": "
                + p.value()
                + " — you should rotate it today."),
    SSE_DATA_LINE(
        p ->
            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
                + p.name()
                + "="
                + json(p.value())
                + "\"}}]}\n\n"),
    TOOL_CALL_ARGUMENTS(
        p ->
            "{\"path\":\"config/.env\",\"content\":\""
                + json(p.name() + "=" + p.value() + "\n")
                + "\"}");

    private final Function<Plant, String> render;

    Context(Function<Plant, String> render) {
      this.render = render;
    }

    public String render(Plant plant) {
      return render.apply(plant);
    }
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String py(String s) {
    return json(s);
  }

  private static String js(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n");
  }

  private static String yaml(String s) {
    return s.contains("\n") ? "|\n    " + s.replace("\n", "\n    ") : s;
  }
}
