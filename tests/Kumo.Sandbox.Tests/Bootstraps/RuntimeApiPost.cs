using System.Text.Json;

namespace Kumo.Sandbox.Tests.Bootstraps;

/// <summary>What a runtime posted: an answer (<paramref name="Succeeded"/>) or an error document, with its error type header.</summary>
internal sealed record RuntimeApiPost(bool Succeeded, string Body, string ErrorType)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
}
