using System.Text.Json;

namespace OrleansKube.Model.Apps;

/// <summary>
/// apps/v1 ControllerRevision: an immutable snapshot of a controller's state. StatefulSets and DaemonSets keep one per
/// distinct pod template, <c>data</c> holding the strategic merge patch that restores it
/// (<c>{"spec":{"template":{…,"$patch":"replace"}}}</c>), <c>revision</c> its place in the history.
/// </summary>
public sealed record ControllerRevision : KubeObject
{
    /// <summary>The state as the controller wrote it, kept as sent (kubectl applies it as a patch).</summary>
    public JsonElement? Data { get; set; }

    public long Revision { get; set; }
}
