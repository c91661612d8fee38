using System.Text.Json;
using SupportBot.Teams.AppPackage;

namespace SupportBot.Tests.Teams.Manifest;

/// <summary>The small validator behind the package command, on the keywords the Teams schema relies on.</summary>
public sealed class JsonSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.Parse("""
        {
          "$schema": "http://json-schema.org/draft-04/schema#",
          "type": "object",
          "additionalProperties": false,
          "required": ["id", "scopes"],
          "properties": {
            "id": { "$ref": "#/definitions/guid" },
            "version": { "const": "1.30" },
            "name": { "type": "string", "maxLength": 5 },
            "scopes": { "type": "array", "maxItems": 2, "uniqueItems": true, "items": { "enum": ["team", "personal"] } },
            "tier": { "type": "string", "enum": ["tier1", null] },
            "pick": { "oneOf": [ { "required": ["a"] }, { "required": ["b"] } ] },
            "auth": { "if": { "properties": { "type": { "enum": ["key"] } } }, "then": { "required": ["key"] } }
          },
          "definitions": { "guid": { "type": "string", "pattern": "^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$" } }
        }
        """);

    [Fact]
    public void A_document_that_keeps_every_rule_has_no_problems()
    {
        Assert.Empty(Validate("""{ "id": "0c0ffee0-0000-4000-8000-000000000001", "version": "1.30", "name": "bot", "scopes": ["team"], "pick": { "a": 1 } }"""));
    }

    [Fact]
    public void Each_broken_rule_is_reported_with_where_it_is()
    {
        var problems = Validate("""
            { "id": "not-a-guid", "version": "1.29", "name": "support", "scopes": ["team", "team", "groupChat"],
              "tier": "tier2", "pick": { "a": 1, "b": 2 }, "auth": { "type": "key" }, "packageName": "x" }
            """);

        Assert.Equal(
            [
                "/: property 'packageName' is not allowed",
                "/id: \"not-a-guid\" does not match ^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$",
                "/version: should be \"1.30\", not \"1.29\"",
                "/name: is 7 characters, at most 5 allowed",
                "/scopes: has 3 items, at most 2 allowed",
                "/scopes: items should be unique",
                "/scopes/2: \"groupChat\" is not one of [\"team\", \"personal\"]",
                "/tier: \"tier2\" is not one of [\"tier1\", null]",
                "/pick: matches 2 of the shapes where exactly one is allowed (oneOf)",
                "/auth: 'key' is required",
            ],
            problems);
    }

    [Fact]
    public void A_missing_required_property_and_a_wrong_type_are_problems()
    {
        Assert.Equal(["/: 'id' is required", "/scopes: should be array, not string"], Validate("""{ "scopes": "team" }"""));
    }

    [Fact]
    public void A_keyword_the_validator_does_not_know_is_a_problem_not_a_pass()
    {
        var schema = JsonSchema.Parse("""{ "type": "string", "contentEncoding": "base64" }""");
        using var value = JsonDocument.Parse("\"x\"");

        Assert.Equal(["/: the schema uses 'contentEncoding', which this validator does not check"], schema.Validate(value.RootElement));
    }

    private static IReadOnlyList<string> Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Validate(document.RootElement);
    }
}
