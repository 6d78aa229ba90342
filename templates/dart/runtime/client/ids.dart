// GENERATED CODE - DO NOT MODIFY BY HAND
// coverage:ignore-file
// ignore_for_file: type=lint, unused_element, unused_import, deprecated_member_use

/// Client-side id generators with Prisma Client's formats, and the SHA3-512 they need.
///
/// Prisma Client (not the database) fills `@default(uuid())`, `uuid(7)`, `cuid()`, `cuid(2)`,
/// `nanoid()`/`nanoid(n)` and `ulid()`. Prisma Client 7.10 does it in `@prisma/client/runtime`
/// with the `uuid` package (v4, v7), `cuid` (v1), `@paralleldrive/cuid2`, `nanoid` and `ulid`;
/// [IdGenerator] reproduces each format (length, alphabet, layout, monotonicity):
///
/// | default | example | format |
/// |---|---|---|
/// | `uuid()` | `1b4e28ba-2fa1-41d2-883f-0016d3cca427` | RFC 9562 version 4: 122 random bits, lowercase |
/// | `uuid(7)` | `01890a5d-ac96-774b-bcce-b302099a8057` | RFC 9562 version 7: 48-bit Unix ms, then a 32-bit counter seeded at random each new ms (as the `uuid` package), then random bits |
/// | `cuid()` | `cjld2cjxh0000qzrmn831i7rn` | 25 chars: `c`, ms in base 36, a 4-char counter, a 4-char fingerprint, 8 random base-36 chars |
/// | `cuid(2)` | `tz4a98xxat96iws9zmbrgj3a` | 24 chars: a random letter, then SHA3-512 of (time, salt, counter, fingerprint) in base 36 |
/// | `nanoid()` | `V1StGXR8_Z5jdHi6B-myT` | 21 chars (or n) of `A-Za-z0-9_-` |
/// | `ulid()` | `01ARZ3NDEKTSV4RRFFQ69G5FAV` | 26 chars Crockford base 32: 48-bit ms, 80 random bits |
///
/// Differences that cannot be observed in the ids' format: the cuid fingerprints are random
/// (Prisma derives them from the process id, the host name and the global object, none of which
/// exist on the web), and randomness comes from [Random.secure].
///
/// Everything here runs unchanged on the Dart VM, on the web (where `int` is a JavaScript number
/// and bitwise operations work on 32 bits) and on Wasm: 64-bit words are handled as two 32-bit
/// halves, and wide values are split with `~/` and `%`, never with shifts beyond 32 bits.
library;

import 'dart:convert' show utf8;
import 'dart:math' show Random;
import 'dart:typed_data' show Uint32List, Uint8List;

/// Generates ids in Prisma Client's formats.
///
/// One instance keeps the state some formats need across calls (the uuid v7 counter, the cuid
/// counters and fingerprints), so use one instance per engine. Tests inject [clock] and [random]
/// (a `Random` subclass returning fixed values: `Random(seed)` streams may change between Dart
/// releases).
final class IdGenerator {
  /// [clock] defaults to the current time, [random] to [Random.secure].
  IdGenerator({DateTime Function()? clock, Random? random})
      : _clock = clock ?? _systemClock,
        _random = random ?? Random.secure();

  final DateTime Function() _clock;
  final Random _random;

  // uuid v7: the `uuid` package's monotonic state (`msecs`, `seq`).
  int _v7Msecs = -1;
  int _v7Seq = 0;

  // cuid v1: counter in [0, 36^4) and a 4-character fingerprint.
  int _cuidCounter = 0;
  late final String _cuidFingerprint = _pad(_random.nextInt(_cuidBlockValues).toRadixString(36), 4);

  // cuid2: counter seeded at random, 32-character fingerprint.
  late int _cuid2Counter = _random.nextInt(_cuid2InitialCounterLimit);
  late final String _cuid2Fingerprint = _cuid2Hash(_entropy(32)).substring(0, 32);

  static DateTime _systemClock() => DateTime.now();

  int get _nowMs => _clock().millisecondsSinceEpoch;

  /// A random (version 4) UUID, lowercase with dashes (36 characters).
  String uuid4() {
    final bytes = _randomBytes(16);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    return _formatUuid(bytes);
  }

  /// A time-ordered (version 7) UUID, as the `uuid` package's `v7()` that Prisma Client uses.
  ///
  /// Bytes 0-5: the Unix time in ms (big-endian); then version 7; a 32-bit sequence spread over
  /// the next 30 bits around the variant bits `10`; then random bits. A new millisecond seeds
  /// the sequence from random bits; within one millisecond (or when the clock goes back) the
  /// sequence is incremented, and on its wrap-around the stored time moves on by 1 ms, so that
  /// ids from one generator always sort in creation order.
  String uuid7() {
    final rnd = _randomBytes(16);
    final now = _nowMs;
    if (now > _v7Msecs) {
      _v7Seq = ((rnd[6] << 23) | (rnd[7] << 16) | (rnd[8] << 8) | rnd[9]) & _mask32;
      _v7Msecs = now;
    } else {
      _v7Seq = (_v7Seq + 1) & _mask32;
      if (_v7Seq == 0) _v7Msecs++;
    }
    final ms = _v7Msecs;
    final seq = _v7Seq;
    final bytes = Uint8List(16);
    bytes[0] = (ms ~/ 1099511627776) % 256; // 2^40
    bytes[1] = (ms ~/ 4294967296) % 256; // 2^32
    bytes[2] = (ms ~/ 16777216) % 256; // 2^24
    bytes[3] = (ms ~/ 65536) % 256;
    bytes[4] = (ms ~/ 256) % 256;
    bytes[5] = ms % 256;
    bytes[6] = 0x70 | ((seq >> 28) & 0x0f);
    bytes[7] = (seq >> 20) & 0xff;
    bytes[8] = 0x80 | ((seq >> 14) & 0x3f);
    bytes[9] = (seq >> 6) & 0xff;
    bytes[10] = ((seq << 2) & 0xff) | (rnd[10] & 0x03);
    for (var i = 11; i < 16; i++) {
      bytes[i] = rnd[i];
    }
    return _formatUuid(bytes);
  }

  /// A cuid (version 1): `c`, the time in ms in base 36, a 4-character counter, a 4-character
  /// fingerprint and two 4-character random blocks; 25 characters today.
  String cuid() {
    if (_cuidCounter >= _cuidBlockValues) _cuidCounter = 0;
    final count = _cuidCounter++;
    final buffer = StringBuffer('c')
      ..write(_nowMs.toRadixString(36))
      ..write(_pad(count.toRadixString(36), 4))
      ..write(_cuidFingerprint)
      ..write(_pad(_random.nextInt(_cuidBlockValues).toRadixString(36), 4))
      ..write(_pad(_random.nextInt(_cuidBlockValues).toRadixString(36), 4));
    return buffer.toString();
  }

  /// A cuid2 as `@paralleldrive/cuid2`'s `createId()`: 24 lowercase characters, the first a
  /// letter; the rest are characters 2-24 of the base-36 SHA3-512 of the time (base 36), 24
  /// random base-36 characters, the counter (base 36) and the generator's fingerprint.
  String cuid2() {
    final firstLetter = String.fromCharCode(0x61 + _random.nextInt(26));
    final time = _nowMs.toRadixString(36);
    final count = (_cuid2Counter++).toRadixString(36);
    final salt = _entropy(_cuid2Length);
    final hashed = _cuid2Hash('$time$salt$count$_cuid2Fingerprint');
    return '$firstLetter${hashed.substring(1, _cuid2Length)}';
  }

  /// A nanoid of [size] characters (Prisma's default 21) from the URL-safe alphabet
  /// `A-Za-z0-9_-` (in nanoid's own order), each from 6 random bits.
  String nanoid([int size = 21]) {
    if (size < 1) {
      throw ArgumentError.value(size, 'size', 'a nanoid has at least one character');
    }
    final buffer = StringBuffer();
    for (var i = 0; i < size; i++) {
      buffer.write(_nanoidAlphabet[_random.nextInt(64)]);
    }
    return buffer.toString();
  }

  /// A ULID: 26 characters of Crockford base 32, 10 for the time in ms (48 bits) and 16 random
  /// (80 bits). Not monotonic within one millisecond, like the `ulid()` Prisma Client calls.
  String ulid() {
    var time = _nowMs;
    if (time < 0 || time > 281474976710655) {
      throw StateError('a ULID encodes times from 1970 to 10889 only');
    }
    final timeChars = List<String>.filled(10, '0');
    for (var i = 9; i >= 0; i--) {
      final digit = time % 32;
      timeChars[i] = _crockford[digit];
      time = (time - digit) ~/ 32;
    }
    final buffer = StringBuffer(timeChars.join());
    for (var i = 0; i < 16; i++) {
      buffer.write(_crockford[_random.nextInt(32)]);
    }
    return buffer.toString();
  }

  Uint8List _randomBytes(int length) {
    final bytes = Uint8List(length);
    for (var i = 0; i < length; i++) {
      bytes[i] = _random.nextInt(256);
    }
    return bytes;
  }

  /// cuid2's `createEntropy`: [length] random base-36 characters.
  String _entropy(int length) {
    final buffer = StringBuffer();
    for (var i = 0; i < length; i++) {
      buffer.write(_random.nextInt(36).toRadixString(36));
    }
    return buffer.toString();
  }
}

/// cuid2's `hash`: SHA3-512 of the UTF-8 of [input], read as a big-endian unsigned integer,
/// written in base 36, without its first character.
///
/// Known answers (`@paralleldrive/cuid2` computes the same with `@noble/hashes` and
/// bignumber.js): `cuid2Hash('')` starts with `hwy9hczxnhp8h02w8vk5`, `cuid2Hash('abc')` with
/// `5hwonfuv75sid4792afm` (see [cuid2HashKnownAnswers]).
String cuid2Hash(String input) => _cuid2Hash(input);

String _cuid2Hash(String input) {
  final digest = sha3_512(utf8.encode(input));
  final hex = StringBuffer();
  for (final byte in digest) {
    hex.write(byte.toRadixString(16).padLeft(2, '0'));
  }
  return BigInt.parse(hex.toString(), radix: 16).toRadixString(36).substring(1);
}

/// The SHA3-512 digest (FIPS 202: Keccak-f[1600], rate 72 bytes, domain padding `0x06`) of
/// [message]: 64 bytes.
///
/// Written for 32-bit arithmetic so that it gives the same result on the VM, the web and Wasm:
/// each 64-bit lane is a (low, high) pair of 32-bit words in a [Uint32List]. Checked against
/// [sha3_512KnownAnswers].
Uint8List sha3_512(List<int> message) {
  const rate = 72;
  final padded = Uint8List((message.length ~/ rate + 1) * rate);
  padded.setRange(0, message.length, message);
  padded[message.length] ^= 0x06;
  padded[padded.length - 1] ^= 0x80;

  final state = Uint32List(50);
  for (var offset = 0; offset < padded.length; offset += rate) {
    for (var lane = 0; lane < rate ~/ 8; lane++) {
      final p = offset + 8 * lane;
      state[2 * lane] ^=
          padded[p] | (padded[p + 1] << 8) | (padded[p + 2] << 16) | (padded[p + 3] << 24);
      state[2 * lane + 1] ^=
          padded[p + 4] | (padded[p + 5] << 8) | (padded[p + 6] << 16) | (padded[p + 7] << 24);
    }
    _keccakF1600(state);
  }

  final digest = Uint8List(64);
  for (var word = 0; word < 16; word++) {
    final value = state[word];
    digest[4 * word] = value & 0xff;
    digest[4 * word + 1] = (value >> 8) & 0xff;
    digest[4 * word + 2] = (value >> 16) & 0xff;
    digest[4 * word + 3] = (value >> 24) & 0xff;
  }
  return digest;
}

/// SHA3-512 known answers: UTF-8 input -> lowercase hex digest (from Python's `hashlib.sha3_512`;
/// the first four are the FIPS 202 / NIST examples). The lengths 71, 72 and 73 bytes put the
/// padding at the end of the first block, in a block of its own, and into a second block.
const Map<String, String> sha3_512KnownAnswers = <String, String>{
  '':
      'a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26',
  'abc':
      'b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0',
  'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq':
      '04a371e84ecfb5b8b77cb48610fca8182dd457ce6f326a0fd3d7ec2f1e91636dee691fbe0c985302ba1b0d8dc78c086346b533b49c030d99a27daf1139d6e75e',
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu':
      'afebb2ef542e6579c50cad06d2e578f9f8dd6881d7dc824d26360feebf18a4fa73e3261122948efcfd492e74e82e2189ed0fb440d187f382270cb455f21dd185',
  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx':
      'a7ddbe8f2b733937fab54ac03ebe7ecbe8459df3ed95c0e5a41d32b87d75b6b22d8b981d503b7e7d15dfe36eeab1236c53c1f009570ffd8b7c09b0a743e20402',
  'yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy':
      'a7d7d3f04d3da05eeb01abdd90e15dee06782a4e3f0166fdaa8f2da0792aa966a7ef8b93c345a61604f786f9029ad11908502e02e7738d5e4ea586d2be42b61e',
  'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz':
      '70eb67097edb63f74a428a48e0a6f2e1c9ed8f21db5155c2ab06bf522cc197566dcfb5d90c4c59320083febd103b862d7261f7ba717c908511a3a90b27a6d275',
  'h\u00e9llo w\u00f6rld \u2713':
      '5c0436d99d421aa417ee55009abbab7d08d9d7ba13e1112cb548e4ed1a147e1b1936166365d9e4af0239d3c31c60b64ae6855297c0dcbcf51f5d692501ac9ee8',
};

/// [cuid2Hash] known answers (computed as cuid2 does: base 36 of the SHA3-512 digest as an
/// unsigned big-endian integer, first character dropped).
const Map<String, String> cuid2HashKnownAnswers = <String, String>{
  '':
      'hwy9hczxnhp8h02w8vk5ozzfbicdzl7bm3tokbnp700ruweb66gvvn2smv2u019fy0avhunqj6eta7kgi9qwexyqb5aufudz52',
  'abc':
      '5hwonfuv75sid4792afmgodujwvqwiaurx0uynkgfengrsp48nx9fbdeznmjivmormkhvkuksgrwfsg92kq66ksh6f7trlr20g',
};

// --- internals ------------------------------------------------------------------------------------

const int _mask32 = 0xffffffff;

/// 36^4: the values of one 4-character cuid block.
const int _cuidBlockValues = 1679616;

/// cuid2's default id length and its initial counter bound (`476782367`).
const int _cuid2Length = 24;
const int _cuid2InitialCounterLimit = 476782367;

const String _nanoidAlphabet = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';
const String _crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

String _pad(String value, int width) {
  final padded = value.padLeft(width, '0');
  return padded.substring(padded.length - width);
}

String _formatUuid(Uint8List bytes) {
  final buffer = StringBuffer();
  for (var i = 0; i < 16; i++) {
    if (i == 4 || i == 6 || i == 8 || i == 10) buffer.write('-');
    buffer.write(bytes[i].toRadixString(16).padLeft(2, '0'));
  }
  return buffer.toString();
}

/// Keccak-f[1600] round constants, as (low word, high word) pairs.
const List<int> _roundConstants = <int>[
  0x00000001, 0x00000000, 0x00008082, 0x00000000, 0x0000808a, 0x80000000, 0x80008000, 0x80000000,
  0x0000808b, 0x00000000, 0x80000001, 0x00000000, 0x80008081, 0x80000000, 0x00008009, 0x80000000,
  0x0000008a, 0x00000000, 0x00000088, 0x00000000, 0x80008009, 0x00000000, 0x8000000a, 0x00000000,
  0x8000808b, 0x00000000, 0x0000008b, 0x80000000, 0x00008089, 0x80000000, 0x00008003, 0x80000000,
  0x00008002, 0x80000000, 0x00000080, 0x80000000, 0x0000800a, 0x00000000, 0x8000000a, 0x80000000,
  0x80008081, 0x80000000, 0x00008080, 0x80000000, 0x80000001, 0x00000000, 0x80008008, 0x80000000,
];

/// Rotation offsets of the rho step, by lane index `x + 5 * y`.
const List<int> _rotations = <int>[
  0, 1, 62, 28, 27, //
  36, 44, 6, 55, 20, //
  3, 10, 43, 25, 39, //
  41, 45, 15, 21, 8, //
  18, 2, 61, 56, 14, //
];

/// The Keccak-f[1600] permutation on [state]: 25 lanes, lane `i` as words `2i` (low) and `2i+1`
/// (high).
void _keccakF1600(Uint32List state) {
  final c = Uint32List(10);
  final b = Uint32List(50);
  for (var round = 0; round < 24; round++) {
    // theta
    for (var x = 0; x < 5; x++) {
      c[2 * x] = state[2 * x] ^
          state[2 * x + 10] ^
          state[2 * x + 20] ^
          state[2 * x + 30] ^
          state[2 * x + 40];
      c[2 * x + 1] = state[2 * x + 1] ^
          state[2 * x + 11] ^
          state[2 * x + 21] ^
          state[2 * x + 31] ^
          state[2 * x + 41];
    }
    for (var x = 0; x < 5; x++) {
      final next = (x + 1) % 5;
      final previous = (x + 4) % 5;
      final lo = c[2 * next];
      final hi = c[2 * next + 1];
      final dLo = c[2 * previous] ^ (((lo << 1) | (hi >> 31)) & _mask32);
      final dHi = c[2 * previous + 1] ^ (((hi << 1) | (lo >> 31)) & _mask32);
      for (var y = 0; y < 25; y += 5) {
        state[2 * (x + y)] ^= dLo;
        state[2 * (x + y) + 1] ^= dHi;
      }
    }
    // rho and pi: lane (x, y) rotated into position (y, 2x + 3y)
    for (var i = 0; i < 25; i++) {
      final x = i % 5;
      final y = i ~/ 5;
      final j = y + 5 * ((2 * x + 3 * y) % 5);
      final n = _rotations[i];
      final lo = state[2 * i];
      final hi = state[2 * i + 1];
      if (n == 0) {
        b[2 * j] = lo;
        b[2 * j + 1] = hi;
      } else if (n < 32) {
        b[2 * j] = ((lo << n) | (hi >> (32 - n))) & _mask32;
        b[2 * j + 1] = ((hi << n) | (lo >> (32 - n))) & _mask32;
      } else if (n == 32) {
        b[2 * j] = hi;
        b[2 * j + 1] = lo;
      } else {
        final m = n - 32;
        b[2 * j] = ((hi << m) | (lo >> (32 - m))) & _mask32;
        b[2 * j + 1] = ((lo << m) | (hi >> (32 - m))) & _mask32;
      }
    }
    // chi
    for (var y = 0; y < 25; y += 5) {
      for (var x = 0; x < 5; x++) {
        final i = x + y;
        final i1 = (x + 1) % 5 + y;
        final i2 = (x + 2) % 5 + y;
        state[2 * i] = b[2 * i] ^ (~b[2 * i1] & b[2 * i2]);
        state[2 * i + 1] = b[2 * i + 1] ^ (~b[2 * i1 + 1] & b[2 * i2 + 1]);
      }
    }
    // iota
    state[0] ^= _roundConstants[2 * round];
    state[1] ^= _roundConstants[2 * round + 1];
  }
}

/// An optional capability of a `StorageTransaction` implementation (storage.dart): the largest value an
/// `@default(autoincrement())` field has ever been given, kept in storage (like SQLite's
/// `sqlite_sequence` for `AUTOINCREMENT` tables), so that ids are not reused after the rows with
/// the largest ids were deleted.
///
/// The engine computes the next value as `max(lastSequence, largest value in the table) + 1` and
/// records every value it inserts (generated or explicit) with [setSequence]. A backend that does
/// not implement this interface gets `largest value in the table + 1`, which reuses the ids of
/// deleted rows that had the largest ids.
abstract interface class AutoincrementSequences {
  /// The largest value recorded for [field] of [model], or null if none was.
  Future<int?> lastSequence(String model, String field);

  /// Records [value] as the largest value of [field] of [model].
  Future<void> setSequence(String model, String field, int value);
}
