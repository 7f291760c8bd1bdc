namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>The outcome of a plugin call: a code, the reasons (as they appear in scheduling messages) and the plugin.</summary>
public sealed record Status(StatusCode Code, IReadOnlyList<string> Reasons, string? Plugin = null)
{
    public static Status Success { get; } = new(StatusCode.Success, []);

    public static Status Skip { get; } = new(StatusCode.Skip, []);

    public bool IsSuccess => Code == StatusCode.Success;

    public bool IsRejected => Code is StatusCode.Unschedulable or StatusCode.UnschedulableAndUnresolvable;

    public static Status Unschedulable(params string[] reasons) => new(StatusCode.Unschedulable, reasons);

    public static Status Unresolvable(params string[] reasons) => new(StatusCode.UnschedulableAndUnresolvable, reasons);

    public static Status Error(string message) => new(StatusCode.Error, [message]);

    public Status WithPlugin(string plugin) => Plugin is null ? this with { Plugin = plugin } : this;

    public override string ToString() => $"{Code}: {string.Join(", ", Reasons)}";
}
