;; The text gate's two hot loops over 16-bit single-sample frames, in WebAssembly with SIMD
;; (see gateScan.ts, which loads it, and textGate.ts, whose JavaScript loops these reproduce
;; exactly; gateScan.test.ts proves they answer the same).
;;
;; Compiled by scripts/gen-gate-scan.mjs into gateScan.generated.ts (npm run gen:gate-scan).
;;
;; Memory layout (bytes):
;;   [0, 16388)      histogram of steps between neighbours, 4097 u32 (steps of 4096 or more at 4096)
;;   [16400, 16408)  the sampled rows' minimum and maximum, i32
;;   [16448, ...)    the frame's samples, copied in by gateScan.ts (16-byte aligned)
(module
  (memory (export "memory") 1)

  ;; Histogram of |d[x+1] - d[x]| over every `rowStep`-th row of a width × height frame of signed
  ;; samples at `base`, zero steps included at bin 0, and the minimum and maximum of those rows.
  (func (export "noiseS") (param $base i32) (param $width i32) (param $height i32) (param $rowStep i32)
    (local $y i32) (local $p i32) (local $end i32) (local $prev i32) (local $v i32)
    (local $min i32) (local $max i32) (local $s i32) (local $h i32) (local $rowBytes i32)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 16388))
    (local.set $min (i32.const 0x7fffffff))
    (local.set $max (i32.const 0x80000000))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 1)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $height)))
        (local.set $p (i32.add (local.get $base) (i32.mul (local.get $y) (local.get $rowBytes))))
        (local.set $end (i32.add (local.get $p) (local.get $rowBytes)))
        (local.set $prev (i32.load16_s (local.get $p)))
        (local.set $min (select (local.get $prev) (local.get $min) (i32.lt_s (local.get $prev) (local.get $min))))
        (local.set $max (select (local.get $prev) (local.get $max) (i32.gt_s (local.get $prev) (local.get $max))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (block $rowEnd
          (loop $px
            (br_if $rowEnd (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (i32.load16_s (local.get $p)))
            (local.set $min (select (local.get $v) (local.get $min) (i32.lt_s (local.get $v) (local.get $min))))
            (local.set $max (select (local.get $v) (local.get $max) (i32.gt_s (local.get $v) (local.get $max))))
            (local.set $s (i32.sub (local.get $v) (local.get $prev)))
            (local.set $h (i32.shr_s (local.get $s) (i32.const 31)))
            (local.set $s (i32.sub (i32.xor (local.get $s) (local.get $h)) (local.get $h)))
            (local.set $s (select (local.get $s) (i32.const 4096) (i32.lt_u (local.get $s) (i32.const 4096))))
            (local.set $h (i32.shl (local.get $s) (i32.const 2)))
            (i32.store (local.get $h) (i32.add (i32.load (local.get $h)) (i32.const 1)))
            (local.set $prev (local.get $v))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $px)))
        (local.set $y (i32.add (local.get $y) (local.get $rowStep)))
        (br $rows)))
    (i32.store (i32.const 16400) (local.get $min))
    (i32.store (i32.const 16404) (local.get $max)))

  ;; The same over unsigned samples.
  (func (export "noiseU") (param $base i32) (param $width i32) (param $height i32) (param $rowStep i32)
    (local $y i32) (local $p i32) (local $end i32) (local $prev i32) (local $v i32)
    (local $min i32) (local $max i32) (local $s i32) (local $h i32) (local $rowBytes i32)
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 16388))
    (local.set $min (i32.const 0x7fffffff))
    (local.set $max (i32.const 0x80000000))
    (local.set $rowBytes (i32.shl (local.get $width) (i32.const 1)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $height)))
        (local.set $p (i32.add (local.get $base) (i32.mul (local.get $y) (local.get $rowBytes))))
        (local.set $end (i32.add (local.get $p) (local.get $rowBytes)))
        (local.set $prev (i32.load16_u (local.get $p)))
        (local.set $min (select (local.get $prev) (local.get $min) (i32.lt_s (local.get $prev) (local.get $min))))
        (local.set $max (select (local.get $prev) (local.get $max) (i32.gt_s (local.get $prev) (local.get $max))))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (block $rowEnd
          (loop $px
            (br_if $rowEnd (i32.ge_u (local.get $p) (local.get $end)))
            (local.set $v (i32.load16_u (local.get $p)))
            (local.set $min (select (local.get $v) (local.get $min) (i32.lt_s (local.get $v) (local.get $min))))
            (local.set $max (select (local.get $v) (local.get $max) (i32.gt_s (local.get $v) (local.get $max))))
            (local.set $s (i32.sub (local.get $v) (local.get $prev)))
            (local.set $h (i32.shr_s (local.get $s) (i32.const 31)))
            (local.set $s (i32.sub (i32.xor (local.get $s) (local.get $h)) (local.get $h)))
            (local.set $s (select (local.get $s) (i32.const 4096) (i32.lt_u (local.get $s) (i32.const 4096))))
            (local.set $h (i32.shl (local.get $s) (i32.const 2)))
            (i32.store (local.get $h) (i32.add (i32.load (local.get $h)) (i32.const 1)))
            (local.set $prev (local.get $v))
            (local.set $p (i32.add (local.get $p) (i32.const 2)))
            (br $px)))
        (local.set $y (i32.add (local.get $y) (local.get $rowStep)))
        (br $rows)))
    (i32.store (i32.const 16400) (local.get $min))
    (i32.store (i32.const 16404) (local.get $max)))

  ;; The first x in [from, to) of the row of signed samples at `row` where |d[x+1] - d[x]| >= big,
  ;; or `to` when there is none. `big` is in [1, 32767]; eight steps are compared at a time, their
  ;; differences saturated (which keeps every answer of the comparison in that range exact).
  (func (export "nextBigS") (param $row i32) (param $from i32) (param $to i32) (param $big i32) (result i32)
    (local $p i32) (local $vb v128) (local $vn v128) (local $m v128) (local $s i32) (local $nb i32)
    (local.set $nb (i32.sub (i32.const 0) (local.get $big)))
    (local.set $vb (i16x8.splat (local.get $big)))
    (local.set $vn (i16x8.splat (local.get $nb)))
    (local.set $p (i32.add (local.get $row) (i32.shl (local.get $from) (i32.const 1))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.gt_s (i32.add (local.get $from) (i32.const 8)) (local.get $to)))
        (local.set $m (i16x8.sub_sat_s (v128.load offset=2 align=1 (local.get $p)) (v128.load align=1 (local.get $p))))
        (local.set $m (v128.or (i16x8.ge_s (local.get $m) (local.get $vb)) (i16x8.le_s (local.get $m) (local.get $vn))))
        (if (v128.any_true (local.get $m))
          (then (return (i32.add (local.get $from) (i32.ctz (i16x8.bitmask (local.get $m)))))))
        (local.set $from (i32.add (local.get $from) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $vec)))
    (block $out
      (loop $tail
        (br_if $out (i32.ge_s (local.get $from) (local.get $to)))
        (local.set $s (i32.sub (i32.load16_s offset=2 (local.get $p)) (i32.load16_s (local.get $p))))
        (br_if $out (i32.ge_s (local.get $s) (local.get $big)))
        (br_if $out (i32.le_s (local.get $s) (local.get $nb)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $tail)))
    (local.get $from))

  ;; The same over unsigned samples, `big` in [1, 65535]: the rise and the fall of each step are
  ;; taken apart (saturated at zero), so no difference overflows.
  (func (export "nextBigU") (param $row i32) (param $from i32) (param $to i32) (param $big i32) (result i32)
    (local $p i32) (local $vb v128) (local $a v128) (local $b v128) (local $m v128) (local $s i32) (local $nb i32)
    (local.set $nb (i32.sub (i32.const 0) (local.get $big)))
    (local.set $vb (i16x8.splat (local.get $big)))
    (local.set $p (i32.add (local.get $row) (i32.shl (local.get $from) (i32.const 1))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.gt_s (i32.add (local.get $from) (i32.const 8)) (local.get $to)))
        (local.set $a (v128.load align=1 (local.get $p)))
        (local.set $b (v128.load offset=2 align=1 (local.get $p)))
        (local.set $m (v128.or
          (i16x8.ge_u (i16x8.sub_sat_u (local.get $b) (local.get $a)) (local.get $vb))
          (i16x8.ge_u (i16x8.sub_sat_u (local.get $a) (local.get $b)) (local.get $vb))))
        (if (v128.any_true (local.get $m))
          (then (return (i32.add (local.get $from) (i32.ctz (i16x8.bitmask (local.get $m)))))))
        (local.set $from (i32.add (local.get $from) (i32.const 8)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $vec)))
    (block $out
      (loop $tail
        (br_if $out (i32.ge_s (local.get $from) (local.get $to)))
        (local.set $s (i32.sub (i32.load16_u offset=2 (local.get $p)) (i32.load16_u (local.get $p))))
        (br_if $out (i32.ge_s (local.get $s) (local.get $big)))
        (br_if $out (i32.le_s (local.get $s) (local.get $nb)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (local.set $p (i32.add (local.get $p) (i32.const 2)))
        (br $tail)))
    (local.get $from))
)
