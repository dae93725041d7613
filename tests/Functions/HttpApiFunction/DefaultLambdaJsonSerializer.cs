// A stand-in for Amazon.Lambda.Serialization.SystemTextJson's serializer, set up as AWS documents it: names
// matched in any case on input, camelCase on output (unless a [JsonPropertyName] says otherwise), nulls left out.
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.Lambda.Core;

namespace Amazon.Lambda.Serialization.SystemTextJson;

public class DefaultLambdaJsonSerializer : ILambdaSerializer
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public T Deserialize<T>(Stream requestStream) => JsonSerializer.Deserialize<T>(requestStream, Options)!;

    public void Serialize<T>(T response, Stream responseStream) => JsonSerializer.Serialize(responseStream, response, Options);
}
