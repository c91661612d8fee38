using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Tests.Slack.Fakes;

/// <summary>views.open (with trigger ids the test issues), views.update (hash checked) and views.publish.</summary>
public sealed partial class FakeSlack
{
    public const int MaxBlocksPerView = 100;
    public const int MaxModalTitle = 24;

    /// <summary>A trigger id expires 3 s after Slack sends it.</summary>
    public static readonly TimeSpan TriggerLifetime = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, (DateTimeOffset IssuedAt, bool Used)> triggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ViewState> views = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> openedBy = new(StringComparer.Ordinal);

    /// <summary>A trigger id, as a payload would carry it; single-use, good for 3 s on the fake's clock.</summary>
    public string IssueTriggerId()
    {
        lock (gate)
        {
            var id = $"{(++nextId).ToString(CultureInfo.InvariantCulture)}.{time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}.fake{Guid.NewGuid():N}";
            triggers[id] = (time.GetUtcNow(), false);
            return id;
        }
    }

    public FakeView? View(string id)
    {
        lock (gate)
        {
            return views.TryGetValue(id, out var view) ? view.Snapshot() : null;
        }
    }

    /// <summary>The modal that views.open opened with this trigger id: how requests in flight together each find their own.</summary>
    public FakeView? ViewOpenedBy(string triggerId)
    {
        lock (gate)
        {
            return openedBy.TryGetValue(triggerId, out var id) ? views[id].Snapshot() : null;
        }
    }

    public IReadOnlyList<FakeView> Views()
    {
        lock (gate)
        {
            return [.. views.Values.Select(v => v.Snapshot())];
        }
    }

    /// <summary>The Home tab published for a user.</summary>
    public FakeView? HomeOf(string userId)
    {
        lock (gate)
        {
            return views.Values.FirstOrDefault(v => v.Type == "home" && v.UserId == userId)?.Snapshot();
        }
    }

    private JsonObject OpenView(JsonObject args)
    {
        if (Text(args, "trigger_id") is not { } trigger || !triggers.TryGetValue(trigger, out var issued))
        {
            return Error("invalid_trigger_id");
        }
        if (issued.Used || time.GetUtcNow() - issued.IssuedAt > TriggerLifetime)
        {
            return Error("expired_trigger_id");
        }
        if (ReadView(args, "modal", out var view) is { } invalid)
        {
            return invalid;
        }
        var externalId = Text(view!, "external_id");
        if (externalId is not null && views.Values.Any(v => v.ExternalId == externalId))
        {
            return Error("duplicate_external_id");
        }
        triggers[trigger] = issued with { Used = true };
        var opened = new ViewState(NewId('V'), NewHash(), "modal", externalId, null, view!);
        openedBy[trigger] = opened.Id;
        return Saved(opened);
    }

    private JsonObject UpdateView(JsonObject args)
    {
        var existing = Text(args, "view_id") is { } id ? views.GetValueOrDefault(id)
            : Text(args, "external_id") is { } external ? views.Values.FirstOrDefault(v => v.ExternalId == external)
            : null;
        if (existing is null)
        {
            return Error("not_found");
        }
        if (Text(args, "hash") is { } hash && hash != existing.Hash)
        {
            return Error("hash_conflict");
        }
        if (ReadView(args, existing.Type, out var view) is { } invalid)
        {
            return invalid;
        }
        return Saved(existing with { Hash = NewHash(), View = view! });
    }

    private JsonObject PublishView(JsonObject args)
    {
        if (Text(args, "user_id") is not { } user || !users.ContainsKey(user))
        {
            return Error("user_not_found");
        }
        if (ReadView(args, "home", out var view) is { } invalid)
        {
            return invalid;
        }
        var existing = views.Values.FirstOrDefault(v => v.Type == "home" && v.UserId == user);
        if (existing is not null && Text(args, "hash") is { } hash && hash != existing.Hash)
        {
            return Error("hash_conflict");
        }
        return Saved(existing is null
            ? new ViewState(NewId('V'), NewHash(), "home", null, user, view!)
            : existing with { Hash = NewHash(), View = view! });
    }

    private static JsonObject? ReadView(JsonObject args, string type, out JsonObject? view)
    {
        view = Structured(args, "view") as JsonObject;
        if (view is null)
        {
            return Error("invalid_arguments", "[ERROR] missing required field: view");
        }
        if (Text(view, "type") != type)
        {
            return Error("invalid_arguments", $"[ERROR] must be {type} [json-pointer:/view/type]");
        }
        if (view["blocks"] is JsonArray blocks && blocks.Count > MaxBlocksPerView)
        {
            return Error("invalid_arguments", $"[ERROR] no more than {MaxBlocksPerView} items allowed [json-pointer:/view/blocks]");
        }
        if (type == "modal" && (view["title"]?["text"] is not JsonValue title || title.GetValue<string>().Length > MaxModalTitle))
        {
            return Error("invalid_arguments", $"[ERROR] must be less than {MaxModalTitle + 1} characters [json-pointer:/view/title/text]");
        }
        return null;
    }

    private JsonObject Saved(ViewState view)
    {
        views[view.Id] = view;
        var json = view.View.DeepClone().AsObject();
        json["id"] = view.Id;
        json["hash"] = view.Hash;
        json["team_id"] = TeamId;
        json["app_id"] = AppId;
        json["bot_id"] = BotId;
        json["root_view_id"] = view.Id;
        json["state"] = new JsonObject { ["values"] = new JsonObject() };
        return Ok(new JsonObject { ["view"] = json });
    }

    private static string NewHash() => $"{Guid.NewGuid():N}";
}
