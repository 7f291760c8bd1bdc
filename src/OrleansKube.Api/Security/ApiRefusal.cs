using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrleansKube.Api.Security;

/// <summary>A request refused before it reaches the API: upstream's <c>Status</c> body with its reason, code and details.</summary>
public sealed record ApiRefusal(int Code, string Reason, string Message, string Name = "", string Group = "", string Kind = "")
{
    /// <summary>Upstream's answer to missing or unknown credentials (<c>apierrors.NewUnauthorized("Unauthorized")</c>).</summary>
    public static ApiRefusal Unauthorized { get; } = new(StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized");

    // Go's encoding: quotes as \", not \u0022 (the body is JSON, never embedded in HTML).
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Code;
        response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(response.Body, JsonOptions);
        json.WriteStartObject();
        json.WriteString("kind", "Status");
        json.WriteString("apiVersion", "v1");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteString("status", "Failure");
        json.WriteString("message", Message);
        json.WriteString("reason", Reason);
        if (Name.Length + Group.Length + Kind.Length > 0)
        {
            json.WriteStartObject("details");
            WriteIfAny(json, "name", Name);
            WriteIfAny(json, "group", Group);
            WriteIfAny(json, "kind", Kind);
            json.WriteEndObject();
        }

        json.WriteNumber("code", Code);
        json.WriteEndObject();
    }

    private static void WriteIfAny(Utf8JsonWriter json, string property, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(property, value);
        }
    }
}
