namespace SupportBot.Tests.Policy;

public sealed class ConditionTests
{
    private const string Questions = """
        questions:
          - { id: category, text: What is it about?, kind: choice, options: [billing, network, other] }
          - { id: impact, text: Who is affected?, kind: choice, options: [global, single-customer] }
          - { id: managed, text: Managed device?, kind: yes-no }
          - { id: title, text: Title, kind: text }
        """;

    [Fact]
    public void A_severity_rule_referencing_an_unknown_option_names_the_valid_answers()
    {
        var errors = PolicyYaml.Parse(Policy("""
            severity_rules:
              - { when: { impact: globl }, severity: sev1, reason: Everyone }
              - { when: { category: [billing, refunds] }, severity: sev2, reason: Money }
            """)).Errors;

        Assert.Equal(
            [(16, "severity_rules[0].when.impact", "\"globl\" is not an answer to \"impact\" (answers: global, single-customer)"),
             (17, "severity_rules[1].when.category", "\"refunds\" is not an answer to \"category\" (answers: billing, network, other)")],
            errors.Select(e => (e.Line, e.Field, e.Message)));
    }

    [Fact]
    public void A_rule_may_test_yes_no_answers_only_as_yes_or_no()
    {
        var errors = PolicyYaml.Parse(Policy("""
            severity_rules:
              - { when: { managed: yes }, severity: sev1, reason: Managed }
              - { when: { managed: maybe }, severity: sev1, reason: Unsure }
            """)).Errors;

        Assert.Equal("\"maybe\" is not an answer to \"managed\" (answers: yes, no)", Assert.Single(errors).Message);
    }

    [Fact]
    public void A_rule_may_not_test_a_text_question_or_an_unknown_question()
    {
        var errors = PolicyYaml.Parse(Policy("""
            severity_rules:
              - { when: { title: outage }, severity: sev1, reason: Words }
              - { when: { urgency: high }, severity: sev1, reason: Unknown }
            """)).Errors;

        Assert.Equal(
            ["\"title\" is a text question; conditions can only test choice and yes-no questions",
             "unknown question \"urgency\" (questions: category, impact, managed, title)"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Rules_keep_their_order_and_first_match_wins()
    {
        var policy = PolicyYaml.Valid(Policy("""
            severity_rules:
              - { when: { impact: global }, severity: sev1, reason: Everyone }
              - { when: { category: billing, managed: no }, severity: sev2, reason: Money }
            """));

        Assert.Equal(["Everyone", "Money"], policy.SeverityRules.Select(r => r.Reason));
        var answers = new Dictionary<string, string> { ["category"] = "billing", ["managed"] = "no" };
        Assert.Equal("sev2", policy.SeverityRules.First(r => r.When.Matches(answers)).SeverityId);
        Assert.False(policy.SeverityRules[1].When.Matches(new Dictionary<string, string> { ["category"] = "billing" }));
    }

    [Fact]
    public void A_negated_shown_when_shows_the_question_unless_an_earlier_answer_is_listed()
    {
        var policy = PolicyYaml.Valid(Policy("", """
              - { id: region, text: Region?, kind: choice, options: [emea, apac], shown_when: { category: { not: [billing, other] } } }
              - { id: ssid, text: SSID, kind: text, shown_when: { category: network, impact: { not: global } } }
            """));

        var region = policy.Questions.Single(q => q.Id == "region").ShownWhen;
        Assert.True(region.Matches(new Dictionary<string, string> { ["category"] = "network" }));
        Assert.False(region.Matches(new Dictionary<string, string> { ["category"] = "billing" }));
        var ssid = policy.Questions.Single(q => q.Id == "ssid").ShownWhen;
        Assert.True(ssid.Matches(new Dictionary<string, string> { ["category"] = "network", ["impact"] = "single-customer" }));
        Assert.False(ssid.Matches(new Dictionary<string, string> { ["category"] = "network", ["impact"] = "global" }));
    }

    [Fact]
    public void A_negated_shown_when_still_checks_its_values()
    {
        var errors = PolicyYaml.Parse(Policy("", """
              - { id: region, text: Region?, kind: choice, options: [emea], shown_when: { category: { not: [biling] } } }
            """)).Errors;

        var error = Assert.Single(errors);
        Assert.Equal("questions[4].shown_when.category.not", error.Field);
        Assert.StartsWith("\"biling\" is not an answer to \"category\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shown_when_may_not_refer_to_the_question_itself_or_a_later_one()
    {
        var errors = PolicyYaml.Parse(Policy("", """
              - { id: first, text: First?, kind: yes-no, shown_when: { first: yes } }
              - { id: second, text: Second?, kind: yes-no, shown_when: { third: yes } }
              - { id: third, text: Third?, kind: yes-no }
            """)).Errors;

        Assert.Equal(
            ["shown_when refers to itself; it may only test answers to earlier questions",
             "shown_when refers to a later question; it may only test answers to earlier questions"],
            errors.Select(e => e.Message));
    }

    [Fact]
    public void Options_belong_to_choice_questions_only()
    {
        var errors = PolicyYaml.Parse(Policy("", """
              - { id: ok, text: OK?, kind: yes-no, options: [yes, no] }
              - { id: pick, text: Pick, kind: choice }
              - { id: size, text: Size, kind: numeric }
            """)).Errors;

        Assert.Equal(
            ["questions[4].options", "questions[5].options", "questions[6].kind"],
            errors.Select(e => e.Field));
        Assert.Contains("yes-no question's answers are always yes and no", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("is required", errors[1].Message);
        Assert.Contains("kinds: choice | yes-no | text | multiline | number | email | phone | date", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deflection_categories_must_be_options_of_the_category_question()
    {
        var errors = PolicyYaml.Parse(Policy("""
            deflection:
              - { category: network, title: Try this, steps: [Restart the router] }
              - { category: printers, title: Try that, steps: [Check the paper] }
              - { category: network, title: Again, steps: [] }
            """)).Errors;

        Assert.Equal(
            [(17, "deflection[1].category"), (18, "deflection[2].category"), (18, "deflection[2].steps")],
            errors.Select(e => (e.Line, e.Field)));
    }

    private static string Policy(string extra, string moreQuestions = "") =>
        PolicyYaml.Minimal.Replace(
            "questions:\n  - { id: category, text: What is it about?, kind: choice, options: [billing, network] }\n",
            Questions + "\n" + (moreQuestions.Length > 0 ? moreQuestions + "\n" : ""),
            StringComparison.Ordinal) + "\n" + extra;
}
