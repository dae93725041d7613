using System.Text.Json.Serialization;

namespace Kumo.Abstractions.Status;

/// <summary>Where a Kumo server is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlatformState>))]
public enum PlatformState
{
    /// <summary>Listening, but storage and the engine are still being prepared: invocations are refused.</summary>
    [JsonStringEnumMemberName("starting")]
    Starting,

    /// <summary>Ready to take invocations.</summary>
    [JsonStringEnumMemberName("ready")]
    Ready,

    /// <summary>Draining in-flight work before it exits: new work is refused.</summary>
    [JsonStringEnumMemberName("stopping")]
    Stopping,
}
