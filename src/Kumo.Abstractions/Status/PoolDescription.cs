namespace Kumo.Abstractions.Status;

/// <summary>One pool of pre-warmed stem cells, for status pages and for a benchmark that waits for full pools.</summary>
/// <param name="Kind">What runs in its stems and their memory size, such as <c>node/512MB</c>.</param>
/// <param name="Ready">How many stems wait for a function now.</param>
/// <param name="Starting">How many are starting.</param>
/// <param name="Target">How many ready stems the pool is filling to now (its demand, within the memory it may use).</param>
public sealed record PoolDescription(string Kind, int Ready, int Starting, int Target);
