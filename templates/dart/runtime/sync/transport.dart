// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// How the sync worker reaches the server: [SyncTransport], and [HttpSyncTransport] on
/// package:http (`POST {base}/push`, `POST {base}/pull`, JSON bodies).
library;

import 'dart:async' show TimeoutException;
import 'dart:convert' show jsonDecode, jsonEncode, utf8;

import 'package:http/http.dart' as http;

import 'protocol.dart';

/// What the server answered: the status, the decoded JSON body (null when the body is not
/// JSON) and the `Retry-After` header of a 503.
final class SyncResponse {
  const SyncResponse(this.status, this.body, {this.retryAfter});
  final int status;
  final Object? body;
  final Duration? retryAfter;
}

/// Sends one sync request. Tests replace it with a fake that replays fixtures/protocol/.
abstract interface class SyncTransport {
  /// POSTs [body] (JSON) to the [endpoint] (`push` or `pull`) and returns any answer the
  /// server gives, whatever its status. Throws a [SyncTransientException] when there is no
  /// answer (no connection, a timeout).
  Future<SyncResponse> post(String endpoint, Map<String, Object?> body);

  /// Releases the transport's resources.
  void close();
}

/// The headers every request carries, asked for before each request (an `Authorization` header
/// with a fresh token: the server's `authenticate` reads the scope from it).
typedef SyncHeaders = Future<Map<String, String>> Function();

/// [SyncTransport] over package:http.
final class HttpSyncTransport implements SyncTransport {
  /// [url] gives the `Uri` of an endpoint (`push`, `pull`), e.g.
  /// `(endpoint) => Uri.parse('https://api.example.com/sync/$endpoint')`; [headers] is called
  /// before every request (the
  /// `Authorization` header); [client] defaults to a new `http.Client()`, which [close] closes
  /// (a given client is left open).
  HttpSyncTransport(
    this.url, {
    http.Client? client,
    this.headers,
    this.timeout = const Duration(seconds: 30),
  })  : _client = client ?? http.Client(),
        _ownsClient = client == null;

  /// The `Uri` of an endpoint: `{base}/push`, `{base}/pull`.
  final Uri Function(String endpoint) url;
  final SyncHeaders? headers;

  /// How long a request may take before it counts as a transient failure.
  final Duration timeout;

  final http.Client _client;
  final bool _ownsClient;

  @override
  Future<SyncResponse> post(String endpoint, Map<String, Object?> body) async {
    final hook = headers;
    final extra = hook == null ? const <String, String>{} : await hook();
    final http.Response response;
    try {
      response = await _client
          .post(
            url(endpoint),
            headers: <String, String>{
              ...extra,
              'content-type': 'application/json; charset=utf-8',
              'accept': 'application/json',
            },
            body: jsonEncode(body),
          )
          .timeout(timeout);
    } on http.ClientException catch (error) {
      throw SyncTransientException('$endpoint: ${error.message}');
    } on TimeoutException {
      throw SyncTransientException('$endpoint: no answer within $timeout');
    }
    return SyncResponse(
      response.statusCode,
      _decode(response.bodyBytes),
      retryAfter: _retryAfter(response.headers['retry-after']),
    );
  }

  @override
  void close() {
    if (_ownsClient) _client.close();
  }
}

/// The JSON value of a response body (UTF-8, whatever the content type says), or null.
Object? _decode(List<int> bytes) {
  if (bytes.isEmpty) return null;
  try {
    return jsonDecode(utf8.decode(bytes));
  } on FormatException {
    return null;
  }
}

/// A `Retry-After` header in seconds (the server sends seconds; an HTTP date is ignored).
Duration? _retryAfter(String? header) {
  if (header == null) return null;
  final seconds = int.tryParse(header.trim());
  return seconds == null || seconds < 0 ? null : Duration(seconds: seconds);
}
