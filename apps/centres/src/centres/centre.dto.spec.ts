import 'reflect-metadata';
import { HttpException } from '@nestjs/common';
import { createValidationPipe } from '#anlao/platform';
import { ListCentresQuery, RegisterCentreDto, UpdateCentreDto } from './centre.dto.js';

const pipe = createValidationPipe();
const base = {
  name: 'Centre',
  kind: 'day-care',
  communityPath: '2101.210102.210102001.210102001001',
  capacity: 40,
};

/** The fields a body is refused for through the platform's own pipe; [] when accepted. */
async function refused(
  body: unknown,
  metatype: new () => object = RegisterCentreDto,
  type: 'body' | 'query' = 'body',
): Promise<string[]> {
  try {
    await pipe.transform(body, { type, metatype });
    return [];
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    const problem = error.getResponse() as { errors?: { field: string }[] };
    return [...new Set((problem.errors ?? []).map((e) => e.field))];
  }
}

describe('centre DTOs', () => {
  it('accepts a registration with every field, and one with none of the optional ones', async () => {
    expect(
      await refused({
        ...base,
        communityOnly: true,
        operatorId: 'org-0042',
        openingHours: {
          mon: [
            { from: '08:00', to: '11:30' },
            { from: '13:30', to: '17:30' },
          ],
          sat: [{ from: '09:00', to: '24:00' }],
          sun: [],
        },
        activities: ['meal', 'recreation'],
        location: { lat: 41.7968, lon: 123.4294 },
      }),
    ).toEqual([]);
    expect(await refused(base)).toEqual([]);
    expect(await refused({ ...base, operatorId: null, openingHours: null, location: null })).toEqual([]);
  });

  it.each([
    [
      'overlapping intervals',
      {
        mon: [
          { from: '08:00', to: '12:00' },
          { from: '11:00', to: '17:00' },
        ],
      },
      'openingHours.mon',
    ],
    ['from = to', { tue: [{ from: '09:00', to: '09:00' }] }, 'openingHours.tue'],
    ['from > to', { tue: [{ from: '18:00', to: '09:00' }] }, 'openingHours.tue'],
    ['a bad time', { wed: [{ from: '8:00', to: '17:00' }] }, 'openingHours.wed.0.from'],
    ['24:00 as from', { wed: [{ from: '24:00', to: '24:00' }] }, 'openingHours.wed.0.from'],
    [
      'an unknown day',
      { mon: [{ from: '08:00', to: '17:00' }], monday: [{ from: '08:00', to: '17:00' }] },
      'openingHours.monday',
    ],
    [
      'five intervals a day',
      { thu: ['06', '08', '10', '12', '14'].map((h) => ({ from: `${h}:00`, to: `${h}:30` })) },
      'openingHours.thu',
    ],
    ['no open day', { mon: [], tue: [] }, 'openingHours'],
    ['a list', [], 'openingHours'],
    ['a null day', { fri: null }, 'openingHours.fri'],
  ])('refuses opening hours with %s, naming the field', async (_case, openingHours, field) => {
    expect(await refused({ ...base, openingHours })).toEqual([field]);
  });

  it('says what is wrong with a day', async () => {
    const problem = await pipe
      .transform(
        {
          ...base,
          openingHours: {
            mon: [
              { from: '08:00', to: '12:00' },
              { from: '11:00', to: '17:00' },
            ],
          },
        },
        { type: 'body', metatype: RegisterCentreDto },
      )
      .catch((error: HttpException) => error.getResponse());
    expect(problem).toMatchObject({
      status: 400,
      errors: [{ field: 'openingHours.mon', message: 'mon: intervals must not overlap' }],
    });
  });

  it.each([
    ['lat over 90', { lat: 90.5, lon: 123 }, 'location.lat'],
    ['lon under -180', { lat: 41, lon: -181 }, 'location.lon'],
    ['lat as text', { lat: '41', lon: 123 }, 'location.lat'],
    ['no lon', { lat: 41 }, 'location.lon'],
  ])('refuses a location with %s', async (_case, location, field) => {
    expect(await refused({ ...base, location })).toEqual([field]);
  });

  it('refuses repeated or unknown activities and a malformed operator id', async () => {
    expect(await refused({ ...base, activities: ['meal', 'meal'] })).toEqual(['activities']);
    expect(await refused({ ...base, activities: ['dancing'] })).toEqual(['activities']);
    expect(await refused({ ...base, operatorId: 'org 1' })).toEqual(['operatorId']);
  });

  it('takes any subset in a PATCH, null only where it clears', async () => {
    expect(await refused({}, UpdateCentreDto)).toEqual([]);
    expect(await refused({ capacity: 10, operatorId: null, location: null }, UpdateCentreDto)).toEqual([]);
    expect(await refused({ capacity: null }, UpdateCentreDto)).toEqual(['capacity']);
    expect(
      await refused({ openingHours: { mon: [{ from: '10:00', to: '09:00' }] } }, UpdateCentreDto),
    ).toEqual(['openingHours.mon']);
    expect(await refused({ status: 'inactive' }, UpdateCentreDto)).toEqual(['status']);
  });

  it('checks the list filters', async () => {
    const q = (query: object) => refused(query, ListCentresQuery, 'query');
    expect(await q({ kind: 'canteen', community: '2101.210102', status: 'inactive' })).toEqual([]);
    expect(await q({ kind: 'hospital' })).toEqual(['kind']);
    expect(await q({ community: '2101.3101' })).toEqual(['community']);
    expect(await q({ status: 'closed' })).toEqual(['status']);
  });
});
