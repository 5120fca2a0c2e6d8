/**
 * The temperature a file name states (src/io/temperature-name.ts), the values worked by hand
 * (°C + 273.15): the forms people write, a C-rate not read as °C, the 150–1500 K plausibility,
 * a comma or dot before the number (a thousands group, a decimal part) not read, two different
 * temperatures read as none — each refusal with its reason.
 */
import { describe, expect, it } from 'vitest';
import { NAME_TEMPERATURE_RANGE_K, readNameTemperature, temperatureFromName } from '../src/io/temperature-name.ts';

describe('temperature from a file name', () => {
  it('reads °C and K in the forms instruments and people write them', () => {
    const cases: [string, number, string][] = [
      ['LLZO_75C.mpt', 348.15, '75C'],
      ['mof-licl_eis_25C.csv', 298.15, '25C'],
      ['sample_348K_run2.mpt', 348, '348K'],
      ['run_25.5°C.txt', 298.65, '25.5°C'],
      ['pellet 60 degC.csv', 333.15, '60 degC'],
      ['cell_-20C.csv', 253.15, '-20C'],
      ['cell_-5C.csv', 268.15, '-5C'], // a sign: not a C-rate
      ['cell_5°C.csv', 278.15, '5°C'],
      ['cell_5degC.csv', 278.15, '5degC'],
      ['cell_05C.csv', 278.15, '05C'],
      ['LLZO-75C.mpt', 348.15, '75C'], // a hyphen after a letter separates
      ['a/300K/LLZO_75C.mpt', 348.15, '75C'], // the file's name, not its folder
      ['C:\\data\\LLZO_1200C.mpt', 1473.15, '1200C'],
      ['25C_repeat_25C.csv', 298.15, '25C'],
      ['furnace_150K.csv', 150, '150K'],
      ['furnace_1500K.csv', 1500, '1500K'],
    ];
    for (const [name, k, text] of cases) {
      const r = readNameTemperature(name);
      expect(r.temperatureK, name).toBeCloseTo(k, 9);
      expect(r, name).toMatchObject({ text });
      expect(temperatureFromName(name), name).toBe(r.temperatureK);
    }
  });

  it('a C-rate is not a temperature: one digit before a bare C', () => {
    for (const name of ['LFP_1C.mpt', 'NMC_0.5C_cycle3.mpt', 'x_2C.csv', 'cell_5C.csv']) {
      const r = readNameTemperature(name);
      expect(r.temperatureK, name).toBeNull();
      expect(r, name).toMatchObject({ reason: expect.stringMatching(/read as a C-rate, not a temperature/) });
    }
    // the C-rate beside a temperature: the temperature is read
    expect(temperatureFromName('LFP_1C_45C.mpt')).toBeCloseTo(318.15, 9);
  });

  it('outside 150–1500 K: not read, with the value and the range', () => {
    expect(NAME_TEMPERATURE_RANGE_K).toEqual([150, 1500]);
    const r = readNameTemperature('x_2K.mpt');
    expect(r.temperatureK).toBeNull();
    expect(r).toMatchObject({ reason: '"2K" would be 2 K (-271.15 °C), outside the plausible 150–1500 K' });
    for (const name of ['x_149K.csv', 'x_1501K.csv', 'run_9999C.csv', 'cold_-140C.csv']) expect(temperatureFromName(name), name).toBeNull();
    expect(temperatureFromName('cold_-120C.csv')).toBeCloseTo(153.15, 9);
  });

  it('nothing read: no temperature, a number glued to a letter, a thousands group, two different ones', () => {
    for (const name of ['data.csv', 'sweep_10kHz.csv', 'B25C.csv', 'x_25Ca.csv', 'run3.mpt', '', 'x_1,073K.csv', 'x_0.75C.csv']) {
      expect(temperatureFromName(name), name).toBeNull();
    }
    expect(readNameTemperature('data.csv')).toEqual({ temperatureK: null, reason: null });
    expect(readNameTemperature('LLZO_25C_to_35C.csv')).toEqual({ temperatureK: null, reason: 'it states 2 different temperatures ("25C", "35C")' });
  });
});
