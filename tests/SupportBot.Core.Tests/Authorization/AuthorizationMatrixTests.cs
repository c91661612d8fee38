using System.Reflection;
using SupportBot.Core.Engine;
using SupportBot.Core.Tests.Engine;

namespace SupportBot.Core.Tests.Authorization;

/// <summary>
/// The authorization matrix run cell by cell on the engine: an allowed action records what it should;
/// a refused one changes nothing (no case event, outbox row, timer, intake or desk change) and its
/// only output is the reply to the person who tried, which does not reveal someone else's case.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    public static TheoryData<string, AuthzRole> Cells()
    {
        var cells = new TheoryData<string, AuthzRole>();
        foreach (var row in AuthorizationMatrix.Rows)
        {
            foreach (var role in Enum.GetValues<AuthzRole>())
            {
                cells.Add(row.ToString(), role);
            }
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Each_role_can_do_exactly_what_the_matrix_allows_and_a_refusal_changes_nothing_and_answers_only_the_person(string row, AuthzRole role)
    {
        var line = AuthorizationMatrix.Rows.Single(r => r.ToString() == row);
        var scene = new AuthzScene(line.Severity1);
        var user = AuthzScene.User(role);
        line.Prepare(scene, user);
        var before = Snapshot.Of(scene, user);

        var step = line.Act(scene, user);

        if (line.Expected[role] == Outcome.Refused)
        {
            Assert.False(line.Worked(scene, user, step));
            Assert.False(step.ChangesState, $"A refused {row} by {role} changed state.");
            Assert.Equal(before, Snapshot.Of(scene, user));
            var reply = Assert.IsType<InteractionReply>(step.Reply);
            Assert.True(reply.Kind is ReplyKind.Notice or ReplyKind.ReplaceCard, $"A refusal is a notice or the clicked card again, not {reply.Kind}.");
            var said = reply.Text ?? AuthorizationMatrix.Text(reply.Card!);
            Assert.False(string.IsNullOrWhiteSpace(said));
            if (role is AuthzRole.OtherReporter or AuthzRole.Unknown)
            {
                Assert.DoesNotContain(AuthzScene.CaseTitle, said, StringComparison.Ordinal);
            }
        }
        else
        {
            Assert.True(line.Worked(scene, user, step), $"{row} by {role} should work; the engine said: {step.Reply?.Text}");
            var shown = step.Reply?.Card is { } card ? AuthorizationMatrix.Text(card) : step.Reply?.Text ?? "";
            var cases = new[] { scene.Case, scene.OtherCase };
            if (line.Expected[role] == Outcome.OwnOnly)
            {
                Assert.All(cases.Where(c => c.Reporter != user), c => Assert.DoesNotContain(c.Number, shown, StringComparison.Ordinal));
            }
            else if (line.Expected.Values.Contains(Outcome.OwnOnly))
            {
                // Where others see their own cases only, the allowed see them all.
                Assert.All(cases, c => Assert.Contains(c.Number, shown, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Every_card_action_and_command_the_engine_accepts_has_a_row_and_every_row_covers_every_role()
    {
        var actions = typeof(Verbs).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(v => v.Contains('.', StringComparison.Ordinal));
        var commands = new ConversationEngine(AuthzScene.Policy(), TestPolicy.Desk).Commands
            .Select(c => AuthzRow.CommandPrefix + c.Usage.Split(' ')[0]);
        var rows = AuthorizationMatrix.Rows.Select(r => r.Verb).ToHashSet();

        Assert.Equal([], actions.Concat(commands).Where(v => !rows.Contains(v)).Order().ToList());
        Assert.Equal(DeskRoles.All.Select(r => r.Id()), AuthorizationMatrix.Rows.Where(r => r.Verb == AuthzRow.CommandPrefix + "set").Select(r => r.Situation));
        Assert.All(AuthorizationMatrix.Rows, r => Assert.Equal(Enum.GetValues<AuthzRole>().Order(), r.Expected.Keys.Order()));
        Assert.Equal(AuthorizationMatrix.Rows.Count, AuthorizationMatrix.Rows.Select(r => r.ToString()).Distinct().Count());
    }

    [Fact]
    public void Someone_the_policy_does_not_know_is_an_agent_when_acting_in_the_triage_channel()
    {
        // DESIGN §9: agents are the configured people or members of the triage channel; the platform decides who is a member.
        var scene = new AuthzScene();

        var step = scene.Bot.Click(AuthzScene.Unknown, Verbs.Claim, new() { [Verbs.CaseKey] = scene.Case.Id }, TestPolicy.Triage);

        Assert.Equal(AuthzScene.Unknown, scene.Case.Owner);
        Assert.Equal(ReplyKind.ReplaceCard, step.Reply!.Kind);
    }

    /// <summary>Everything a refused step could have touched: each case's version, the log, the outbox, the timers and the person's intake.</summary>
    private sealed record Snapshot(string Cases, int Events, int Outbox, string Timers, string? Intake)
    {
        public static Snapshot Of(AuthzScene scene, Channels.UserRef user)
        {
            var state = scene.Bot.State;
            var cases = string.Join(",", new[] { scene.Case, scene.OtherCase }.Select(c => $"{c.Number}@{c.Version}"));
            var timers = string.Join(",", state.Timers.Values.OrderBy(t => t.Id).Select(t => $"{t.Id}:{t.Key}:{t.DueAt}"));
            var intake = state.FindIntake(user.Key) is { } s ? $"{s.Stage}:{s.UpdatedAt}:{s.Answers.Count}" : null;
            return new Snapshot(cases, state.Events.Count, state.Outbox.Count, timers, intake);
        }
    }
}
