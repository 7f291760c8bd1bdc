using Microsoft.AspNetCore.Http;
using OrleansKube.Api.Responses;

namespace OrleansKube.Api.Writing;

/// <summary>A request's body, read within kube-apiserver's bound (3 MiB) and refused early when it is protobuf.</summary>
public static class RequestBody
{
    /// <summary>kube-apiserver's <c>--max-request-body-bytes</c> default.</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    /// <remarks><c>protobuf</c>: whether the request may be protobuf (a served version that decodes it: kubectl autoscale posts one).</remarks>
    public static async Task<byte[]> ReadAsync(HttpContext context, bool protobuf = false)
    {
        var type = MediaTypes.Essence(context.Request.ContentType);
        if (type == MediaTypes.Protobuf && !protobuf)
        {
            throw new ApiStatus(415, "UnsupportedMediaType",
                "protobuf request bodies are not supported by this simulated cluster: send JSON or YAML (for kubectl create <generator>: kubectl create … --dry-run=client -o yaml | kubectl apply -f -)");
        }

        if (context.Request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ApiStatus TooLarge() => new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxBytes}");
}
