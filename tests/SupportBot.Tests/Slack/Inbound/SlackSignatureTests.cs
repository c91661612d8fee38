using System.Text;
using SupportBot.Slack.Inbound;

namespace SupportBot.Tests.Slack.Inbound;

/// <summary>Slack's v0 signature, checked against the example in Slack's documentation.</summary>
public sealed class SlackSignatureTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly byte[] Body = Encoding.ASCII.GetBytes(
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void The_documented_example_is_valid_and_computes_to_the_documented_signature()
    {
        Assert.Equal(Signature, SlackSignature.Compute(Body, Timestamp, Secret));
        Assert.True(SlackSignature.IsValid(Body, Timestamp, Signature, Secret, SignedAt));
    }

    [Theory]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void A_timestamp_more_than_five_minutes_away_either_way_is_refused(int secondsOff, bool valid)
    {
        Assert.Equal(valid, SlackSignature.IsValid(Body, Timestamp, Signature, Secret, SignedAt.AddSeconds(-secondsOff)));
    }

    [Fact]
    public void A_tampered_body_a_wrong_secret_a_wrong_version_or_missing_headers_are_refused()
    {
        var tampered = (byte[])Body.Clone();
        tampered[^1] ^= 1;

        Assert.False(SlackSignature.IsValid(tampered, Timestamp, Signature, Secret, SignedAt));
        Assert.False(SlackSignature.IsValid(Body, Timestamp, Signature, Secret + "x", SignedAt));
        Assert.False(SlackSignature.IsValid(Body, Timestamp, "v1=" + Signature[3..], Secret, SignedAt));
        Assert.False(SlackSignature.IsValid(Body, Timestamp, Signature.ToUpperInvariant(), Secret, SignedAt));
        Assert.False(SlackSignature.IsValid(Body, null, Signature, Secret, SignedAt));
        Assert.False(SlackSignature.IsValid(Body, Timestamp, null, Secret, SignedAt));
        Assert.False(SlackSignature.IsValid(Body, "15314206l8", Signature, Secret, SignedAt));
        Assert.False(SlackSignature.IsValid(Body, Timestamp, Signature[..^1], Secret, SignedAt));
    }

    [Fact]
    public void Without_a_signing_secret_nothing_is_valid()
    {
        Assert.False(SlackSignature.IsValid(Body, Timestamp, SlackSignature.Compute(Body, Timestamp, ""), "", SignedAt));
    }
}
