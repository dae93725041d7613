using System.Text.Json.Serialization;
using Kumo.Gateway.Lambda.Account;
using Kumo.Gateway.Lambda.Concurrency;
using Kumo.Gateway.Lambda.Errors;
using Kumo.Gateway.Lambda.EventInvokeConfig;
using Kumo.Gateway.Lambda.Functions;
using Kumo.Gateway.Lambda.FunctionUrls;
using Kumo.Gateway.Lambda.Tags;

namespace Kumo.Gateway.Lambda;

/// <summary>Source-generated JSON for the Lambda API: names exactly as AWS spells them, nulls left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateFunctionRequest))]
[JsonSerializable(typeof(UpdateFunctionCodeRequest))]
[JsonSerializable(typeof(UpdateFunctionConfigurationRequest))]
[JsonSerializable(typeof(LambdaFunctionConfiguration))]
[JsonSerializable(typeof(GetFunctionResponse))]
[JsonSerializable(typeof(ListFunctionsResponse))]
[JsonSerializable(typeof(ReservedConcurrency))]
[JsonSerializable(typeof(ProvisionedConcurrencyRequest))]
[JsonSerializable(typeof(ProvisionedConcurrencyConfigResponse))]
[JsonSerializable(typeof(ProvisionedConcurrencyConfigPage))]
[JsonSerializable(typeof(AccountSettings))]
[JsonSerializable(typeof(ResourceTags))]
[JsonSerializable(typeof(LambdaErrorBody))]
[JsonSerializable(typeof(TooManyRequestsBody))]
[JsonSerializable(typeof(EventInvokeConfigRequest))]
[JsonSerializable(typeof(FunctionEventInvokeConfig))]
[JsonSerializable(typeof(ListEventInvokeConfigsResponse))]
[JsonSerializable(typeof(FunctionUrlConfigRequest))]
[JsonSerializable(typeof(LambdaFunctionUrlConfig))]
[JsonSerializable(typeof(ListFunctionUrlConfigsResponse))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
