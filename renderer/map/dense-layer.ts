// The dense vehicle layer: a MapLibre custom layer drawing every vehicle as one point sprite,
// the same arrow (or dot) as the symbol layer's icons, turned to its heading and coloured by status.
// An update is three typed arrays handed to the GPU (bufferData); nothing is tiled or placed,
// so 50,000 moving vehicles cost the map one draw call per frame.
import type maplibregl from 'maplibre-gl';
import type { CustomLayerInterface, CustomRenderMethodInput } from 'maplibre-gl';
import { translated, type DenseFleet } from './dense.js';
import { ARROW_SHAPE, DOT_RADIUS, ICON_PIXEL_RATIO } from './icons.js';

export const DENSE_LAYER = 'fleet-vehicles-dense';
/** The icons' square in CSS pixels: as the symbol layer draws them, and smaller where vehicles crowd the view. */
export const ICON_PX = 48 / ICON_PIXEL_RATIO;
export const CROWDED_ICON_PX = 16;
/** The symbol layer's halo, in CSS pixels. */
const HALO_PX = 1.5;

const VERTEX = `
attribute vec2 a_pos;
attribute vec4 a_color;
attribute float a_heading;
uniform mat4 u_matrix;
uniform mediump float u_px;
uniform float u_bearing;
varying vec4 v_color;
varying vec2 v_rot;
varying float v_dot;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  gl_PointSize = u_px;
  v_color = a_color;
  v_dot = a_heading < 0.0 ? 1.0 : 0.0;
  float angle = radians(max(a_heading, 0.0)) - u_bearing;
  v_rot = vec2(cos(angle), sin(angle));
}`;

const glsl = (x: number) => x.toFixed(4);
type Corner = readonly [number, number];

/** A convex triangle's signed distance in GLSL: the largest of its edges' (exact inside, the corners mitred outside). */
function triangleDistance(t: readonly Corner[]): string {
  const [cx, cy] = [(t[0]![0] + t[1]![0] + t[2]![0]) / 3 - 0.5, (t[0]![1] + t[1]![1] + t[2]![1]) / 3 - 0.5];
  const edges = t.map((a, i) => {
    const b = t[(i + 1) % t.length]!;
    const [ax, ay] = [a[0] - 0.5, a[1] - 0.5];
    let [nx, ny] = [b[1] - a[1], a[0] - b[0]];
    const len = Math.hypot(nx, ny) * (nx * (cx - ax) + ny * (cy - ay) > 0 ? -1 : 1);
    [nx, ny] = [nx / len, ny / len];
    // Outward normal n: the distance of q from the edge's line is n·q − n·a.
    return `dot(q, vec2(${glsl(nx)}, ${glsl(ny)})) - (${glsl(nx * ax + ny * ay)})`;
  });
  return edges.reduce((x, y) => `max(${x}, ${y})`);
}

/**
 * A shape's signed distance at `q` (from its square's centre, `r` = length(q)) in GLSL: a fan of
 * triangles from its first corner, capped by a circle through its farthest corner.
 */
export function shapeDistance(shape: readonly Corner[]): string {
  const triangles = shape.slice(1, -1).map((b, i) => [shape[0]!, b, shape[i + 2]!]);
  const reach = Math.max(...shape.map(([x, y]) => Math.hypot(x - 0.5, y - 0.5)));
  return `max(${triangles.map(triangleDistance).reduce((x, y) => `min(${x}, ${y})`)}, r - ${glsl(reach)})`;
}

/**
 * The arrow (or the dot) worked out for each pixel of a vehicle's square, turned to its heading:
 * no texture to sample and no branch (in software WebGL each costs more than arithmetic). Inside,
 * its colour; within the halo's width outside, the halo, its outer edge one pixel soft.
 */
export function fragmentShader(shape: readonly Corner[] = ARROW_SHAPE, dot = DOT_RADIUS): string {
  return `
precision mediump float;
uniform vec4 u_halo;
uniform float u_halo_width;
uniform float u_px;
varying vec4 v_color;
varying vec2 v_rot;
varying float v_dot;
void main() {
  vec2 p = gl_PointCoord - 0.5;
  vec2 q = vec2(v_rot.x * p.x + v_rot.y * p.y, v_rot.x * p.y - v_rot.y * p.x);
  float r = length(q);
  float arrow = ${shapeDistance(shape)};
  float d = mix(arrow, r - ${glsl(dot)}, v_dot);
  float alpha = clamp((u_halo_width - d) * u_px + 0.5, 0.0, 1.0);
  if (alpha <= 0.0) discard;
  gl_FragColor = mix(v_color, u_halo, step(0.0, d)) * alpha;
}`;
}

function compile(gl: WebGLRenderingContext, type: number, source: string): WebGLShader {
  const shader = gl.createShader(type)!;
  gl.shaderSource(shader, source);
  gl.compileShader(shader);
  if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) throw new Error(`dense layer shader: ${gl.getShaderInfoLog(shader)}`);
  return shader;
}

export class DenseVehicleLayer implements CustomLayerInterface {
  readonly id = DENSE_LAYER;
  readonly type = 'custom' as const;
  readonly renderingMode = '2d' as const;
  #map: maplibregl.Map | null = null;
  #program: WebGLProgram | null = null;
  #buffers: { pos: WebGLBuffer; color: WebGLBuffer; heading: WebGLBuffer } | null = null;
  #dirty = true;
  /** The icons' square in CSS pixels. */
  size = ICON_PX;

  constructor(private readonly fleet: DenseFleet) {}

  onAdd(map: maplibregl.Map, gl: WebGLRenderingContext): void {
    this.#map = map;
    const program = gl.createProgram()!;
    gl.attachShader(program, compile(gl, gl.VERTEX_SHADER, VERTEX));
    gl.attachShader(program, compile(gl, gl.FRAGMENT_SHADER, fragmentShader()));
    gl.linkProgram(program);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`dense layer program: ${gl.getProgramInfoLog(program)}`);
    this.#program = program;
    this.#buffers = { pos: gl.createBuffer()!, color: gl.createBuffer()!, heading: gl.createBuffer()! };
    this.#dirty = true;
  }

  /** The fleet's arrays changed: they go to the GPU before the next frame, which is asked for. */
  changed(): void {
    this.#dirty = true;
    this.#map?.triggerRepaint();
  }

  render(gl: WebGLRenderingContext, options: CustomRenderMethodInput): void {
    const { fleet } = this;
    const program = this.#program;
    const buffers = this.#buffers;
    if (!program || !buffers || !this.#map || !fleet.origin || fleet.count === 0) return;
    const n = fleet.count;
    const attribute = (name: string, buffer: WebGLBuffer, data: ArrayBufferView, size: number, type: number, normalized: boolean) => {
      const at = gl.getAttribLocation(program, name);
      gl.bindBuffer(gl.ARRAY_BUFFER, buffer);
      if (this.#dirty) gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
      gl.enableVertexAttribArray(at);
      gl.vertexAttribPointer(at, size, type, normalized, 0, 0);
      return at;
    };
    gl.useProgram(program);
    const used = [
      attribute('a_pos', buffers.pos, fleet.offsets.subarray(0, n * 2), 2, gl.FLOAT, false),
      attribute('a_color', buffers.color, fleet.colors.subarray(0, n * 4), 4, gl.UNSIGNED_BYTE, true),
      attribute('a_heading', buffers.heading, fleet.headings.subarray(0, n), 1, gl.FLOAT, false),
    ];
    this.#dirty = false;
    const matrix = translated(options.defaultProjectionData.mainMatrix as ArrayLike<number>, fleet.origin[0], fleet.origin[1]);
    gl.uniformMatrix4fv(gl.getUniformLocation(program, 'u_matrix'), false, Float32Array.from(matrix));
    // The sprite's side in device pixels (the soft edge is one of them).
    const px = this.size * devicePixelRatio;
    gl.uniform1f(gl.getUniformLocation(program, 'u_px'), px);
    gl.uniform1f(gl.getUniformLocation(program, 'u_halo_width'), HALO_PX / this.size);
    gl.uniform1f(gl.getUniformLocation(program, 'u_bearing'), (this.#map.getBearing() * Math.PI) / 180);
    gl.uniform4f(gl.getUniformLocation(program, 'u_halo'), 0x0f / 255, 0x14 / 255, 0x1a / 255, 1);
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.drawArrays(gl.POINTS, 0, n);
    for (const at of used) gl.disableVertexAttribArray(at);
  }

  onRemove(_map: maplibregl.Map, gl: WebGLRenderingContext): void {
    if (this.#buffers) for (const b of Object.values(this.#buffers)) gl.deleteBuffer(b);
    gl.deleteProgram(this.#program);
    this.#buffers = null;
    this.#program = null;
    this.#map = null;
  }
}
