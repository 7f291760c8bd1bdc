using Microsoft.AspNetCore.Http;
using OrleansKube.Api.Handling;
using OrleansKube.Api.Responses;

namespace OrleansKube.Api.Security;

/// <summary>A request refused before it reaches the API: upstream's <c>Status</c> body with its reason, code and details.</summary>
public sealed record ApiRefusal(int Code, string Reason, string Message, string Name = "", string Group = "", string Kind = "")
{
    /// <summary>Upstream's answer to missing or unknown credentials (<c>apierrors.NewUnauthorized("Unauthorized")</c>).</summary>
    public static ApiRefusal Unauthorized { get; } = new(StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized");

    /// <summary>Written as the front writes every Status (<see cref="ApiStatus"/>).</summary>
    public Task WriteAsync(HttpResponse response) =>
        HttpJson.WriteAsync(response.HttpContext, Code, new ApiStatus(Code, Reason, Message) { Name = Empty(Name), Group = Group, Kind = Empty(Kind) }.ToJson());

    private static string? Empty(string value) => value.Length > 0 ? value : null;
}
