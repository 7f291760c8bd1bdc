using System.Text.Json.Nodes;

namespace OrleansKube.Api.Responses;

/// <summary>
/// A <c>Status</c> answer (upstream's <c>metav1.Status</c>): what kubectl prints as <c>Error from server (Reason): message</c>.
/// Thrown by the handlers; the front writes it with its HTTP code.
/// </summary>
public sealed class ApiStatus(int code, string reason, string message) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public string? Name { get; init; }

    public string? Group { get; init; }

    /// <summary><c>details.kind</c>: the resource (<c>pods</c>) for most reasons, the Kind for Invalid (as upstream).</summary>
    public string? Kind { get; init; }

    public string? Uid { get; init; }

    public IReadOnlyList<StatusCause> Causes { get; init; } = [];

    public static ApiStatus BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiStatus NotFoundPath() => new(404, "NotFound", "the server could not find the requested resource");

    public static ApiStatus MethodNotAllowed() => new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    /// <summary>The Status of a refusal from the grains, with details naming the object the request was about.</summary>
    public static ApiStatus From(ApiException e, KindInfo? kind, string? name)
    {
        var reason = e.Reason.ToString();
        return new ApiStatus(CodeOf(reason), reason, e.Message)
        {
            Name = name,
            Group = kind?.Group,
            Kind = e.Reason == ApiErrorReason.Invalid ? kind?.Kind : kind?.Plural,
            Causes = e.CauseType is { } type ? [.. e.Causes.Select(c => new StatusCause(type, c, ""))] : [.. e.Causes.Select(StatusCause.Parse)],
        };
    }

    /// <summary>Upstream's HTTP code for a status reason.</summary>
    public static int CodeOf(string reason) => reason switch
    {
        "BadRequest" => 400,
        "Unauthorized" => 401,
        "Forbidden" => 403,
        "NotFound" => 404,
        "MethodNotAllowed" => 405,
        "NotAcceptable" => 406,
        "AlreadyExists" or "Conflict" => 409,
        "Gone" or "Expired" => 410,
        "RequestEntityTooLarge" => 413,
        "UnsupportedMediaType" => 415,
        "Invalid" => 422,
        "TooManyRequests" => 429,
        "ServiceUnavailable" => 503,
        "Timeout" => 504,
        _ => 500,
    };

    /// <summary>A success Status (<c>status: Success</c>), as deletions and bindings answer.</summary>
    public static JsonObject Success(int code, KindInfo? kind = null, string? name = null, string? uid = null)
    {
        var status = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" };
        if (kind is not null)
        {
            status["details"] = Details(name, kind.Group, kind.Plural, uid, []);
        }

        status["code"] = code;
        return status;
    }

    public JsonObject ToJson()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
        };
        if (Reason.Length > 0)
        {
            status["reason"] = Reason; // omitempty, as upstream: a Status a handler returns may carry only a code
        }

        if (Name is not null || Kind is not null || Causes.Count > 0)
        {
            status["details"] = Details(Name, Group, Kind, Uid, Causes);
        }

        status["code"] = Code;
        return status;
    }

    private static JsonObject Details(string? name, string? group, string? kind, string? uid, IReadOnlyList<StatusCause> causes)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (!string.IsNullOrEmpty(group))
        {
            details["group"] = group;
        }

        if (!string.IsNullOrEmpty(kind))
        {
            details["kind"] = kind;
        }

        if (!string.IsNullOrEmpty(uid))
        {
            details["uid"] = uid;
        }

        if (causes.Count > 0)
        {
            details["causes"] = new JsonArray([.. causes.Select(c => c.ToJson())]);
        }

        return details;
    }
}
