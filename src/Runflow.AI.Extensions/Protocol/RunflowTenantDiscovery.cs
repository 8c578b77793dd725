using System.Text.Json;

namespace Runflow.AI.Extensions.Protocol;

/// <summary>
/// Learns the tenant of the API key from Runflow's discovery endpoint (<c>POST { "apiKey": … }</c>), once per client:
/// concurrent first calls share one request, and its tenant is kept for the client's lifetime.
/// </summary>
/// <remarks>
/// A failed discovery is not kept: every caller waiting on it gets its <see cref="RunflowException"/>, and the next call
/// asks again, since a key fixed in the portal or a passing outage should not need a new client. The request goes
/// through the shared <see cref="RunflowTransport"/>, so it reaches only the configured origin, follows no redirect,
/// reads a bounded body and redacts what it reports; the body holding the key is never logged or kept.
/// </remarks>
internal sealed class RunflowTenantDiscovery
{
    private const string TenantVariable = "RUNFLOW_TENANT_ID";

    private readonly RunflowTransport _transport;
    private readonly Uri _uri;
    private readonly object _gate = new();
    private Task<string>? _tenant;

    public RunflowTenantDiscovery(RunflowTransport transport)
    {
        _transport = transport;
        _uri = new Uri(transport.Options.Endpoint, transport.Options.DiscoverPath);
    }

    /// <summary>Gets the tenant, starting a discovery when none has succeeded and none is running.</summary>
    /// <param name="cancellationToken">Ends this caller's wait only: the discovery is shared, so it runs on, bounded by
    /// <see cref="RunflowClientOptions.NetworkTimeout"/>, and a later call can use its tenant.</param>
    public Task<string> GetTenantIdAsync(CancellationToken cancellationToken)
    {
        Task<string> tenant;
        lock (_gate)
        {
            if (_tenant is null || _tenant.IsFaulted || _tenant.IsCanceled)
            {
                // Started on the pool, not inline, so that no handler code runs while the lock is held.
                _tenant = Task.Run(DiscoverAsync, CancellationToken.None);
            }

            tenant = _tenant;
        }

        return tenant.WaitAsync(cancellationToken);
    }

    private async Task<string> DiscoverAsync()
    {
        var options = _transport.Options;
        try
        {
            using var timeout = _transport.StartTimeout(CancellationToken.None);
            using var request = _transport.CreateRequest(
                _uri,
                RunflowJsonContent.Create(new RunflowDiscoveryRequest { ApiKey = options.ApiKey! }, RunflowJson.BodyContext.RunflowDiscoveryRequest),
                "application/json");
            using var response = await _transport.SendAsync(request, timeout.Source, CancellationToken.None).ConfigureAwait(false);
            var body = await _transport.ReadJsonAsync(
                response, RunflowJsonContext.Default.RunflowDiscoveryResponse, timeout.Source, CancellationToken.None, "a tenant-discovery response").ConfigureAwait(false);
            return ReadTenant(response, body);
        }
        catch (RunflowException ex)
        {
            throw Failed(ex);
        }
    }

    private string ReadTenant(HttpResponseMessage response, RunflowDiscoveryResponse body)
    {
        var apiKey = _transport.Options.ApiKey!;
        if (body.Success == false)
        {
            throw RunflowErrors.FromFailedEnvelope(response, body.Error, body.Message, apiKey, _transport.TimeProvider);
        }

        var data = body.Data ?? body;
        if (data.IsActive is { ValueKind: JsonValueKind.False })
        {
            throw Unusable(response, "saying the API key is not active");
        }

        var tenant = data.TenantId switch
        {
            { ValueKind: JsonValueKind.String } text => RunflowJson.GetLenientString(text)?.Trim(),
            { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
            _ => null,
        };

        if (string.IsNullOrEmpty(tenant))
        {
            throw Unusable(response, "without a tenant id");
        }

        // The tenant goes into a header: a line break there would start another header. The value is not echoed.
        if (tenant.AsSpan().IndexOfAnyExceptInRange(' ', '~') >= 0)
        {
            throw Unusable(response, "with a tenant id that an HTTP header cannot carry (a control or non-ASCII character)");
        }

        return tenant;

        RunflowException Unusable(HttpResponseMessage answer, string problem) =>
            new($"Runflow answered {(int)answer.StatusCode} {problem}.", answer.StatusCode, requestId: _transport.ReadRequestId(answer));
    }

    /// <summary>The failure the caller sees: what went wrong, and the option that avoids discovery, named as its user set it.</summary>
    private RunflowException Failed(RunflowException cause)
    {
        var options = _transport.Options;
        var option = options.OptionName(nameof(RunflowClientOptions.TenantId));
        var reason = cause.Message.TrimEnd();
        if (!reason.EndsWith('.'))
        {
            reason += ".";
        }

        return new RunflowException(
            $"{option} is not set, and discovering the tenant of the API key at {_uri.AbsolutePath} failed: {reason} "
                + $"Set {option}{options.VariableHint(TenantVariable)} to send the tenant without discovery.",
            cause.StatusCode,
            cause.ServerMessage,
            cause.RetryAfter,
            cause.RequestId,
            cause.ResponseBody,
            cause);
    }
}
